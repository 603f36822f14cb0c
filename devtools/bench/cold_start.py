"""Cold-start import cost of the ping function (functions.payouts_account.app), whole process, against a baseline
that imports only boto3, measured in the same run (runs interleaved so machine drift hits both alike).

The environment mimics Lambda's (LAMBDA_TASK_ROOT set, so Powertools' Tracer is live and imports the X-Ray SDK
as it does when deployed; the layer on PYTHONPATH as /opt/python would be). No bytecode is written, so our own
code compiles on every run, as in Lambda (sam build ships no __pycache__; /opt and /var/task are read-only);
installed packages use the .pyc files pip wrote, as a built layer does.
Run: python -m devtools.bench cold_start
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

# Not devtools.infra: that imports the shared layer, which `make bench` does not put on sys.path.
ROOT = Path(__file__).resolve().parents[2]

RUNS = 15
TARGET = "import functions.payouts_account.app"
CASES = {
    "python -c pass": "pass",
    "import boto3 (baseline)": "import boto3",
    "ping function": TARGET,
}


def _environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "POWERTOOLS_"))}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "shared"), str(ROOT)]),
            "PYTHONDONTWRITEBYTECODE": "1",
            "LAMBDA_TASK_ROOT": str(ROOT / "functions" / "payouts_account"),
            "AWS_LAMBDA_FUNCTION_NAME": "PayoutsAccountFunction",
            "AWS_REGION": "eu-west-1",
            "AWS_DEFAULT_REGION": "eu-west-1",
            "POWERTOOLS_SERVICE_NAME": "runa",
            "POWERTOOLS_METRICS_NAMESPACE": "Runa",
        }
    )
    return env


def _time_once(code: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True)  # noqa: S603 - fixed commands
    return time.perf_counter() - started


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def top_imports(env: dict[str, str], limit: int = 10) -> list[tuple[str, float]]:
    """Self time by top-level package from `python -X importtime`, largest first (seconds)."""
    command = [sys.executable, "-X", "importtime", "-c", TARGET]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    totals: dict[str, float] = defaultdict(float)
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
        totals[name.split(".")[0]] += int(self_us) / 1e6
    return sorted(totals.items(), key=lambda item: item[1], reverse=True)[:limit]


def main() -> None:
    env = _environment()
    for code in CASES.values():  # warm the OS file cache; .pyc files are not written (PYTHONDONTWRITEBYTECODE)
        _time_once(code, env)
    samples: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(RUNS):
        for name, code in CASES.items():
            samples[name].append(_time_once(code, env))

    baseline = statistics.median(samples["import boto3 (baseline)"])
    print(f"whole-process cold import, {RUNS} runs each (interleaved), Python {sys.version.split()[0]}")
    print(f"{'case':<26}{'median ms':>11}{'p90 ms':>9}{'x boto3':>9}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<26}{median * 1000:>11.0f}{_percentile(values, 0.9) * 1000:>9.0f}{median / baseline:>9.2f}")
    extra = statistics.median(samples["ping function"]) - baseline
    print(f"ping function costs {extra * 1000:.0f} ms over the boto3 baseline (medians)")
    print("\ntop packages by import self time (one -X importtime run of the ping function):")
    for package, seconds in top_imports(env):
        print(f"  {package:<28}{seconds * 1000:>8.1f} ms")


if __name__ == "__main__":
    main()

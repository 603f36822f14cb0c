"""Cold start of what ships: every function of template.yaml imported from the built artifact, as a whole process.

The artifact is the one `sam build` makes (scripts/build_lambda.py, built for this machine's architecture and
reused while its inputs are unchanged): the layer with its bytecode, each function as SAM packages it, and the
runtime's own packages (boto3, botocore, ...) standing in for Lambda's. Each process starts with `-S` and a
PYTHONPATH of exactly function : layer : runtime, so nothing of the development virtualenv can leak in, and
PYTHONDONTWRITEBYTECODE, because /var/task and /opt are read-only in Lambda.

Measured in the same run, interleaved (machine drift hits every case alike), medians:
- the floor: `import boto3; boto3.client("dynamodb")`, the least a Python function that talks to DynamoDB does;
- the yardstick: a FastAPI + Mangum app with one validated route (devtools/bench/fastapi_mangum), packaged as
  `sam build`'s default python builder packages a function (pip's files, no bytecode), which is how such an app
  ships unless it adopts a recipe like ours; the same app built by our recipe is printed beside it for reference.
Peak RSS is the child's own high-water mark after the import (the kernel's ru_maxrss).

Targets (issue 10; a benchmark, never a timed test): every function <= 1.3x the floor and <= 0.6x FastAPI+Mangum;
functions + layers <= 20 MB unzipped; peak RSS <= 1.2x the floor.
Run: python -m devtools.bench cold_start     (RUNS=21 python -m devtools.bench cold_start for tighter medians)

Wall time on a shared machine moves with its load. INSTRUCTIONS=1 adds a second table, the instructions each case
executes under valgrind (callgrind), which do not depend on load: one run each, slow (about half a minute a case),
the same figures on every run of the same build. The targets are about time; this table says whether a change to
the code moved the work, not only the clock.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from runa_ops.template import environment_of, load_template, resources_of_type

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = load_template(ROOT / "template.yaml")
BUILD_SCRIPT = ROOT / "scripts" / "build_lambda.py"
HOST = ROOT / ".aws-sam" / "host"
YARDSTICK_SOURCE = Path(__file__).resolve().parent / "fastapi_mangum"
YARDSTICK = HOST.parent / "host-fastapi"
YARDSTICK_COMPILED = HOST.parent / "host-fastapi-compiled"

RUNS = int(os.environ.get("RUNS", "11"))
FLOOR = "floor: boto3 + client"
FASTAPI = "FastAPI + Mangum"
FASTAPI_COMPILED = "FastAPI + Mangum, compiled"
TARGET_VS_FLOOR = 1.3
TARGET_VS_FASTAPI = 0.6
TARGET_RSS_VS_FLOOR = 1.2
TARGET_MB = 20.0
# After the import, the child reports its own peak resident set (kilobytes on Linux).
REPORT_RSS = "import resource, sys; sys.stderr.write('rss=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"


@dataclass
class Case:
    name: str
    code: str
    path: list[Path]
    task_root: Path | None = None
    settings: dict[str, str] = field(default_factory=dict)  # the function's own environment from template.yaml
    seconds: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)


def _run(command: list[str], cwd: Path | None = None) -> None:
    subprocess.run(command, cwd=cwd or ROOT, check=True)  # noqa: S603 - our own build script


def build_artifacts() -> None:
    """The host build of the layer and functions, and the yardstick (both reused while unchanged)."""
    _run([sys.executable, str(BUILD_SCRIPT), "host", "--out", str(HOST)])
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(YARDSTICK_SOURCE.glob("*")) if p.is_file()))
    for out, options in ((YARDSTICK, ["--sam-default"]), (YARDSTICK_COMPILED, [])):
        stamp = out / "inputs.sha256"
        if stamp.exists() and stamp.read_text() == digest.hexdigest():
            continue
        shutil.rmtree(out, ignore_errors=True)
        _run([sys.executable, str(BUILD_SCRIPT), "function", "--arch", "host", "--source", str(YARDSTICK_SOURCE),
              "--out", str(out), *options])  # fmt: skip
        stamp.write_text(digest.hexdigest())


def function_folders() -> dict[str, Path]:
    """Function logical id -> its built folder, for every function in template.yaml."""
    return {
        logical: HOST / spec["Properties"]["CodeUri"].strip("/").split("/")[-1]
        for logical, spec in resources_of_type(TEMPLATE, "AWS::Serverless::Function").items()
    }


def cases() -> list[Case]:
    runtime = HOST / "runtime"
    layer = HOST / "SharedLayer" / "python"
    built = [
        Case(FLOOR, "import boto3; boto3.client('dynamodb')", [runtime]),
        Case(FASTAPI, "import app", [YARDSTICK, runtime], task_root=YARDSTICK),
        Case(FASTAPI_COMPILED, "import app", [YARDSTICK_COMPILED, runtime], task_root=YARDSTICK_COMPILED),
    ]
    physical = {logical: f"bench-{logical}" for logical in TEMPLATE["Resources"]}
    for logical, folder in function_folders().items():
        settings = environment_of(TEMPLATE, logical, physical)
        built.append(Case(logical, "import app", [folder, layer, runtime], task_root=folder, settings=settings))
    return built


def _environment(case: Case) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "POWERTOOLS_", "PYTHON"))}
    env.update(case.settings)
    env.update(
        {
            "PYTHONPATH": os.pathsep.join(str(path) for path in case.path),
            "PYTHONDONTWRITEBYTECODE": "1",
            "AWS_REGION": "eu-west-1",
            "AWS_DEFAULT_REGION": "eu-west-1",
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",  # never used: nothing is called
            "AWS_LAMBDA_FUNCTION_NAME": case.name,
            "POWERTOOLS_SERVICE_NAME": "runa",
            "POWERTOOLS_METRICS_NAMESPACE": "Runa",
        }
    )
    if case.task_root is not None:
        env["LAMBDA_TASK_ROOT"] = str(case.task_root)  # as in Lambda: Powertools' Tracer is live
    return env


def _time_once(case: Case, env: dict[str, str]) -> tuple[float, int]:
    command = [sys.executable, "-S", "-c", f"{case.code}; {REPORT_RSS}"]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=case.task_root or HOST, stderr=subprocess.PIPE, text=True)  # noqa: S603
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{case.name} failed to import:\n{stderr}")
    rss = next(int(line[4:]) for line in stderr.splitlines() if line.startswith("rss="))
    return elapsed, rss


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def top_imports(case: Case, limit: int = 8) -> list[tuple[str, float]]:
    """Self time by top-level package from `python -X importtime` (seconds), largest first."""
    command = [sys.executable, "-S", "-X", "importtime", "-c", case.code]
    result = subprocess.run(  # noqa: S603 - fixed command
        command, env=_environment(case), cwd=case.task_root or HOST, capture_output=True, text=True, check=True
    )
    totals: dict[str, float] = defaultdict(float)
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
        totals[name.split(".")[0]] += int(self_us) / 1e6
    return sorted(totals.items(), key=lambda item: item[1], reverse=True)[:limit]


def instructions(case: Case, env: dict[str, str]) -> int:
    """Instructions the whole process executes (callgrind's `Collected`), the same on every run of one build."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-S", "-c", case.code]
    result = subprocess.run(command, env=env, cwd=case.task_root or HOST, capture_output=True, text=True, check=True)  # noqa: S603
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no instruction count for {case.name}:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def print_instructions(measured: list[Case], environments: dict[str, dict[str, str]]) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("INSTRUCTIONS=1 needs valgrind (apt-get install valgrind)")
    counts = {case.name: instructions(case, environments[case.name]) for case in measured}
    print("\ninstructions executed (valgrind callgrind, one run each; load does not move them)")
    print(f"{'case':<28}{'G instr':>10}{'x floor':>9}{'x FastAPI':>10}")
    for case in measured:
        count = counts[case.name]
        print(f"{case.name:<28}{count / 1e9:>10.3f}{count / counts[FLOOR]:>9.2f}{count / counts[FASTAPI]:>10.2f}")


def _mark(ok: bool) -> str:
    return "ok" if ok else "OVER"


def main() -> None:
    build_artifacts()
    measured = cases()
    environments = {case.name: _environment(case) for case in measured}
    for case in measured:  # warm the OS file cache
        _time_once(case, environments[case.name])
    for _ in range(RUNS):
        for case in measured:
            seconds, peak_kb = _time_once(case, environments[case.name])
            case.seconds.append(seconds)
            case.rss_kb.append(peak_kb)

    by_name = {case.name: case for case in measured}
    floor = statistics.median(by_name[FLOOR].seconds)
    fastapi = statistics.median(by_name[FASTAPI].seconds)
    floor_rss = statistics.median(by_name[FLOOR].rss_kb)
    print(f"cold import of the built artifact, whole process, {RUNS} runs each (interleaved), medians;")
    print(f"Python {sys.version.split()[0]}, {os.uname().machine}; targets: <= {TARGET_VS_FLOOR}x floor, "
          f"<= {TARGET_VS_FASTAPI}x FastAPI+Mangum, peak RSS <= {TARGET_RSS_VS_FLOOR}x floor")  # fmt: skip
    header = f"{'case':<28}{'median ms':>10}{'p90 ms':>8}{'x floor':>9}{'x FastAPI':>10}{'RSS MB':>8}{'x floor':>9}"
    print(header)
    worst = (0.0, "")
    for case in measured:
        median = statistics.median(case.seconds)
        rss = statistics.median(case.rss_kb)
        verdict = ""
        if case.name not in (FLOOR, FASTAPI, FASTAPI_COMPILED):
            ok = median / floor <= TARGET_VS_FLOOR and median / fastapi <= TARGET_VS_FASTAPI
            ok_rss = rss / floor_rss <= TARGET_RSS_VS_FLOOR
            verdict = f"  time {_mark(ok)}, rss {_mark(ok_rss)}"
            worst = max(worst, (median / floor, case.name))
        print(
            f"{case.name:<28}{median * 1000:>10.0f}{_percentile(case.seconds, 0.9) * 1000:>8.0f}"
            f"{median / floor:>9.2f}{median / fastapi:>10.2f}{rss / 1024:>8.1f}{rss / floor_rss:>9.2f}{verdict}"
        )

    layer_mb = size_mb(HOST / "SharedLayer")
    functions_mb = sum(size_mb(folder) for folder in function_folders().values())
    total = layer_mb + functions_mb
    print(f"\nunzipped size: layer {layer_mb:.1f} MB + functions {functions_mb:.1f} MB = {total:.1f} MB "
          f"(target <= {TARGET_MB:.0f} MB: {_mark(total <= TARGET_MB)})")  # fmt: skip
    if os.environ.get("INSTRUCTIONS") == "1":
        print_instructions(measured, environments)
    slowest = by_name[worst[1]]
    print(f"\ntop packages by import self time ({slowest.name}, one -X importtime run):")
    for package, seconds in top_imports(slowest):
        print(f"  {package:<28}{seconds * 1000:>8.1f} ms")


if __name__ == "__main__":
    main()

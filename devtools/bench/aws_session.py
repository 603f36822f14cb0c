"""One botocore Session per process (runa.core.aws) against one Session per client, in the same run.

Each case is a fresh process that imports runa.core.aws and makes what the webhooks consumer or the knowledge API
function makes on its first request: DynamoDB, SQS and KMS clients. The baseline makes the same clients, each from
its own `botocore.session.Session()`, so every client builds a loader and parses the endpoint and service models
again. Only the client creation is timed (imports are the cold_start benchmark's); peak RSS is the whole process.
Interleaved runs, medians.
Target: one Session <= 0.6x the baseline's time and <= 1.0x its peak RSS.
Run: python -m devtools.bench aws_session
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 15
TARGET_TIME = 0.6
TARGET_RSS = 1.0
_PROBE = """
import resource, sys, time
import botocore.session
from runa.core import aws
if sys.argv[1] == "per-client":  # the baseline: a new Session for every client
    def make_client(service):
        config = aws._SERVICE_CONFIG.get(service, aws._CONFIG)
        return botocore.session.Session().create_client(service, config=config)
else:
    make_client = aws.client
started = time.perf_counter()
make_client("dynamodb"); make_client("sqs"); make_client("kms")
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
CASES = ("one Session", "per-client")


def _once(case: str) -> tuple[float, int]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "shared"), str(ROOT)]),
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
    }
    out = subprocess.run(  # noqa: S603 - our own probe, fixed arguments
        [sys.executable, "-c", _PROBE, case], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    for case in CASES:  # warm the OS file cache
        _once(case)
    runs: dict[str, list[tuple[float, int]]] = {case: [] for case in CASES}
    for _ in range(RUNS):
        for case in CASES:
            runs[case].append(_once(case))
    seconds = {case: statistics.median(run[0] for run in runs[case]) for case in CASES}
    rss = {case: statistics.median(run[1] for run in runs[case]) for case in CASES}
    time_ratio, rss_ratio = seconds["one Session"] / seconds["per-client"], rss["one Session"] / rss["per-client"]
    print(f"DynamoDB, SQS and KMS clients, fresh process, {RUNS} runs each (interleaved), medians")
    for case in CASES:
        print(f"{case:<12}{seconds[case] * 1000:>9.1f} ms{rss[case] / 1024:>8.1f} MB peak RSS")
    print(
        f"one Session / per-client: time {time_ratio:.2f}x (target <= {TARGET_TIME}x: "
        f"{'ok' if time_ratio <= TARGET_TIME else 'MISSED'}), peak RSS {rss_ratio:.2f}x (target <= {TARGET_RSS}x: "
        f"{'ok' if rss_ratio <= TARGET_RSS else 'MISSED'})"
    )


if __name__ == "__main__":
    main()

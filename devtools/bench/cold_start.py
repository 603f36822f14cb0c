"""Cold start of what ships: what the first caller of every function of template.yaml waits for, on the built artifact.

Each case is one whole process, as Lambda starts it: the init (interpreter start and the handler module's import,
with whatever it creates at init) then the first invocation with a real event (devtools/bench/_cold_requests.py:
a sync order, a chat turn, a queued order, ...), then a second, warm one. Columns: the init alone ("import only"),
init + first request (what the first caller waits for), and the warm request.

- The artifact is the one `sam build` makes (scripts/build_lambda.py, built for this machine's architecture and
  reused while its inputs are unchanged): the layer with its bytecode, each function as SAM packages it, and
  `runtime/`, the packages the python3.13 runtime provides (boto3, botocore, urllib3, ...) standing in for Lambda's.
  Each process starts with `-S` and a PYTHONPATH of exactly function : layer : runtime, so nothing of the
  development virtualenv can load: botocore would otherwise also import awscrt, pyOpenSSL, cryptography and certifi
  (about 0.6 G instructions that Lambda never runs); the bench stops if any of them loads.
- moto's work is in no figure: each case's AWS answers are recorded from moto once, then every measured run gets
  them from memory, in order, over loopback HTTP (devtools/bench/_tape.py). The endpoint is plain http, so TLS
  (the same for every case) is left out too.
- The floor (devtools/bench/floor): `import boto3; boto3.client("dynamodb")` at init, one GetItem as its request,
  the least a Python function that talks to DynamoDB does. The yardstick: a FastAPI + Mangum app with one validated
  route (devtools/bench/fastapi_mangum) packaged as `sam build`'s default python builder packages a function (pip's
  files, no bytecode); the same app built by our recipe is printed beside it.
- X-Ray: LAMBDA_TASK_ROOT is set, so Powertools' Tracer is live, and the invocation is sampled (`Sampled=1`), as
  the first request of a second is under X-Ray's default rule.

Wall time (medians of RUNS runs each, interleaved, whole process from spawn) moves with the machine's load; the
instructions each phase executes (valgrind callgrind, one run each, the process split at the phase boundaries with
--dump-before) do not, and are what to decide on. INSTRUCTIONS=0 skips them (they take a few minutes).

Targets (issue 22; a benchmark, never a timed test): every function's init + first request <= 1.15x the floor's,
and its init <= 1.15x the floor's; the warm request no dearer than before. Peak RSS <= 1.2x the floor;
functions + layers <= 20 MB unzipped.
Run: python -m devtools.bench cold_start     (RUNS=21 for tighter medians; CASES=Floor,PayoutsOrders to pick cases)
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devtools.bench import _cold_requests as world_of
from devtools.bench._tape import Tape
from runa_ops.template import environment_of, load_template, resources_of_type

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = load_template(ROOT / "template.yaml")
BUILD_SCRIPT = ROOT / "scripts" / "build_lambda.py"
HOST = ROOT / ".aws-sam" / "host"
BENCH = Path(__file__).resolve().parent
# Built by our recipe (FLOOR, YARDSTICK_COMPILED) or as SAM's default builder does (YARDSTICK), each reused.
BUILT = {
    "floor": (BENCH / "floor", HOST.parent / "host-floor", []),
    "fastapi": (BENCH / "fastapi_mangum", HOST.parent / "host-fastapi", ["--sam-default"]),
    "fastapi-compiled": (BENCH / "fastapi_mangum", HOST.parent / "host-fastapi-compiled", []),
}

RUNS = int(os.environ.get("RUNS", "11"))
FLOOR = "floor: boto3 + client + GetItem"
FASTAPI = "FastAPI + Mangum"
FASTAPI_COMPILED = "FastAPI + Mangum, compiled"
REFERENCES = (FLOOR, FASTAPI, FASTAPI_COMPILED)
TARGET_VS_FLOOR = 1.15
TARGET_RSS_VS_FLOOR = 1.2
TARGET_MB = 20.0
# What botocore imports from the development virtualenv when it can, and Lambda's runtime does not have.
NOT_IN_LAMBDA = ("awscrt", "OpenSSL", "cryptography", "certifi")
# A first request sampled by X-Ray, as the first of each second is.
TRACE_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
# The process under test: init (the import), then the first and the warm invocation. After each phase it notes the
# time and calls getppid(), which nothing else here calls: callgrind dumps its counts there (--dump-before).
CHILD = """\
import os, time
import {module}
marks = [time.perf_counter()]; os.getppid()
import json
class Context:
    function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]; function_version = "$LATEST"
    memory_limit_in_mb = 512; aws_request_id = "bench"; log_group_name = "/aws/lambda/bench"; log_stream_name = "bench"
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:" + function_name
    def get_remaining_time_in_millis(self): return 30000
answers = []
for name in ("BENCH_FIRST_EVENT", "BENCH_WARM_EVENT"):
    answers.append(json.dumps({module}.{handler}(json.loads(os.environ[name]), Context())))
    marks.append(time.perf_counter()); os.getppid()
import sys
extras = [name for name in {extras!r} if name in sys.modules]
# VmHWM, not ru_maxrss: the latter keeps the (larger) bench process's peak across fork and exec.
rss = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
sys.stdout.write(json.dumps({{"marks": marks, "rss_kb": rss, "answers": answers, "extras": extras}}))
"""
PHASES = ("init", "first", "warm")


@dataclass
class Case:
    name: str
    path: list[Path]
    task_root: Path
    handler: str = "app.lambda_handler"
    settings: dict[str, str] = field(default_factory=dict)  # the function's own environment from template.yaml
    events: Callable[[], tuple[dict[str, Any], dict[str, Any]]] | None = None
    tape: Tape | None = None
    environment: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    rss_kb: list[int] = field(default_factory=list)
    instructions: dict[str, int] = field(default_factory=dict)

    @property
    def code(self) -> str:
        module, _, attribute = self.handler.rpartition(".")
        return CHILD.format(module=module, handler=attribute, extras=NOT_IN_LAMBDA)

    def median(self, *phases: str) -> float:
        runs = zip(*(self.seconds[phase] for phase in phases), strict=True)
        return statistics.median(sum(run) for run in runs)


def _run(command: list[str], cwd: Path | None = None) -> None:
    subprocess.run(command, cwd=cwd or ROOT, check=True)  # noqa: S603 - our own build script


def build_artifacts() -> None:
    """The host build of the layer and functions, the floor and the yardstick (each reused while unchanged)."""
    _run([sys.executable, str(BUILD_SCRIPT), "host", "--out", str(HOST)])
    for source, out, options in BUILT.values():
        digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(source.glob("*")) if p.is_file()))
        stamp = out / "inputs.sha256"
        if stamp.exists() and stamp.read_text() == digest.hexdigest():
            continue
        shutil.rmtree(out, ignore_errors=True)
        _run([sys.executable, str(BUILD_SCRIPT), "function", "--arch", "host", "--source", str(source),
              "--out", str(out), *options])  # fmt: skip
        stamp.write_text(digest.hexdigest())


def function_folders() -> dict[str, Path]:
    """Function logical id -> its built folder, for every function in template.yaml."""
    return {
        logical: HOST / spec["Properties"]["CodeUri"].strip("/").split("/")[-1]
        for logical, spec in resources_of_type(TEMPLATE, "AWS::Serverless::Function").items()
    }


def cases(world: world_of.World) -> list[Case]:
    runtime = HOST / "runtime"
    layer = HOST / "SharedLayer" / "python"
    floor, fastapi, compiled = (out for _, out, _ in BUILT.values())
    physical = {logical: f"bench-{logical}" for logical in TEMPLATE["Resources"]} | world.physical
    built = [
        Case(FLOOR, [floor, runtime], floor, settings={"FLOOR_TABLE": world.physical["AccountsTable"]}),
        Case(FASTAPI, [fastapi, runtime], fastapi, "app.handler", events=world_of.fastapi_events),
        Case(FASTAPI_COMPILED, [compiled, runtime], compiled, "app.handler", events=world_of.fastapi_events),
    ]
    built[0].events = lambda: ({}, {})
    events = world_of.function_events(world)
    for logical, folder in function_folders().items():
        settings = environment_of(TEMPLATE, logical, physical, world_of.PARAMETERS)
        if logical == "WebhooksConsumerFunction":
            settings["ALLOW_LOOPBACK_HTTP"] = "true"  # its endpoint is the bench's own http server
        built.append(Case(logical, [folder, layer, runtime], folder, settings=settings, events=events[logical]))
    wanted = [name for name in os.environ.get("CASES", "").split(",") if name]
    if wanted:
        built = [case for case in built if case.name in REFERENCES or any(w in case.name for w in wanted)]
    return built


def _environment(case: Case, tape: Tape, first: dict[str, Any], warm: dict[str, Any]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "POWERTOOLS_", "PYTHON"))}
    env.update(case.settings)
    env.update(
        {
            "PYTHONPATH": os.pathsep.join(str(path) for path in case.path),
            "PYTHONDONTWRITEBYTECODE": "1",  # /var/task and /opt are read-only in Lambda
            "AWS_REGION": world_of.REGION,
            "AWS_DEFAULT_REGION": world_of.REGION,
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_SESSION_TOKEN": "bench",
            "AWS_ENDPOINT_URL": tape.url,
            "AWS_LAMBDA_FUNCTION_NAME": case.name.split(":")[0].replace(" ", "-"),
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
            "LAMBDA_TASK_ROOT": str(case.task_root),  # as in Lambda: Powertools' Tracer is live
            "_X_AMZN_TRACE_ID": TRACE_HEADER,
            "POWERTOOLS_SERVICE_NAME": "runa",
            "POWERTOOLS_METRICS_NAMESPACE": "Runa",
            "BENCH_FIRST_EVENT": json.dumps(first),
            "BENCH_WARM_EVENT": json.dumps(warm),
        }
    )
    return env


def _child(case: Case, prefix: list[str] | None = None) -> tuple[float, dict[str, Any], str]:
    """Run the case once against its tape; returns the spawn time, what the child reported, and its stderr."""
    assert case.tape is not None
    case.tape.rewind()
    command = [*(prefix or []), sys.executable, "-S", "-c", case.code]
    # Every run is a new execution environment: an empty /tmp (the chat and indexer keep index files there, and a
    # file left by the recording run would take another path than the tape's).
    with tempfile.TemporaryDirectory(prefix="bench-tmp-") as tmp:
        started = time.perf_counter()
        result = subprocess.run(  # noqa: S603
            command, env={**case.environment, "TMPDIR": tmp}, cwd=case.task_root, capture_output=True, text=True
        )
    if result.returncode != 0:
        raise SystemExit(f"{case.name} failed:\n{result.stderr[-4000:]}")
    case.tape.check()
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    if report["extras"]:
        raise SystemExit(f"{case.name} loaded {report['extras']}, which Lambda's runtime does not have")
    return started, report, result.stderr


def record(case: Case, world: world_of.World) -> None:
    """The case's AWS answers, from moto, with its events; its answers must be the success the case means."""
    assert case.events is not None
    first, warm = case.events()
    case.tape = Tape(case.name)
    case.tape.start()
    case.environment = _environment(case, case.tape, first, warm)
    case.tape.record(world.upstream)
    command = [sys.executable, "-S", "-c", case.code]
    result = subprocess.run(command, env=case.environment, cwd=case.task_root, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise SystemExit(f"{case.name} failed while recording:\n{result.stderr[-4000:]}")
    case.tape.check()
    answers = json.loads(result.stdout.strip().splitlines()[-1])["answers"]
    for answer in answers:
        why = world_of.failed(json.loads(answer)) if case.name != FLOOR else None
        if why:
            raise SystemExit(f"{case.name}: the recorded request did not succeed ({why})")


def time_once(case: Case) -> None:
    started, report, _ = _child(case)
    marks = [started, *report["marks"]]
    for phase, (before, after) in zip(PHASES, itertools.pairwise(marks), strict=True):
        case.seconds[phase].append(after - before)
    case.rss_kb.append(int(report["rss_kb"]))


def count_instructions(case: Case) -> None:
    """Instructions per phase (callgrind dumps at each getppid(): init, first, warm; the last part is the exit)."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out", "--dump-before=getppid"]
        _child(case, prefix)
        parts = {}
        for path in Path(folder).glob("out.*"):
            found = re.search(r"^summary: (\d+)", path.read_text(errors="replace"), re.MULTILINE)
            if found:
                parts[int(path.suffix[1:])] = int(found.group(1))
    if sorted(parts) != [1, 2, 3]:
        raise SystemExit(f"{case.name}: expected three phases from callgrind, got parts {sorted(parts)}")
    case.instructions = {phase: parts[number] for number, phase in enumerate(PHASES, start=1)}


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def top_imports(case: Case, limit: int = 8) -> list[tuple[str, float]]:
    """Self time by top-level package from `python -X importtime` (seconds), largest first."""
    module = case.handler.rpartition(".")[0]
    command = [sys.executable, "-S", "-X", "importtime", "-c", f"import {module}"]
    result = subprocess.run(  # noqa: S603 - fixed command
        command, env=case.environment, cwd=case.task_root, capture_output=True, text=True, check=True
    )
    totals: dict[str, float] = defaultdict(float)
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
        totals[name.split(".")[0]] += int(self_us) / 1e6
    return sorted(totals.items(), key=lambda item: item[1], reverse=True)[:limit]


def _mark(ok: bool) -> str:
    return "ok" if ok else "OVER"


def print_times(measured: list[Case]) -> None:
    by_name = {case.name: case for case in measured}
    floor, fastapi = by_name[FLOOR], by_name[FASTAPI]
    floor_init, floor_cold = floor.median("init"), floor.median("init", "first")
    floor_rss = statistics.median(floor.rss_kb)
    print(f"wall time, whole process from spawn, {RUNS} runs each (interleaved), medians; Python "
          f"{sys.version.split()[0]}, {os.uname().machine}; targets: init and init + first <= {TARGET_VS_FLOOR}x "
          f"the floor's, peak RSS <= {TARGET_RSS_VS_FLOOR}x")  # fmt: skip
    print(f"{'case':<32}{'init ms':>8}{'x floor':>8}{'+first ms':>10}{'x floor':>8}{'x FastAPI':>10}"
          f"{'warm ms':>8}{'RSS MB':>7}{'x floor':>8}")  # fmt: skip
    for case in measured:
        init, cold, warm = case.median("init"), case.median("init", "first"), case.median("warm")
        rss = statistics.median(case.rss_kb)
        verdict = ""
        if case.name not in REFERENCES:
            ok = init / floor_init <= TARGET_VS_FLOOR and cold / floor_cold <= TARGET_VS_FLOOR
            verdict = f"  time {_mark(ok)}, rss {_mark(rss / floor_rss <= TARGET_RSS_VS_FLOOR)}"
        print(
            f"{case.name:<32}{init * 1000:>8.0f}{init / floor_init:>8.2f}{cold * 1000:>10.0f}{cold / floor_cold:>8.2f}"
            f"{cold / fastapi.median('init', 'first'):>10.2f}{warm * 1000:>8.1f}{rss / 1024:>7.1f}"
            f"{rss / floor_rss:>8.2f}{verdict}"
        )


def print_instructions(measured: list[Case]) -> None:
    floor = next(case for case in measured if case.name == FLOOR).instructions
    floor_init, floor_cold = floor["init"], floor["init"] + floor["first"]
    print("\ninstructions executed (valgrind callgrind, one run each; load does not move them), G = 10^9")
    print(f"{'case':<32}{'init G':>8}{'x floor':>8}{'+first G':>10}{'x floor':>8}{'first M':>9}{'warm M':>8}")
    for case in measured:
        counts = case.instructions
        init, cold = counts["init"], counts["init"] + counts["first"]
        verdict = ""
        if case.name not in REFERENCES:
            verdict = f"  {_mark(init / floor_init <= TARGET_VS_FLOOR and cold / floor_cold <= TARGET_VS_FLOOR)}"
        print(
            f"{case.name:<32}{init / 1e9:>8.3f}{init / floor_init:>8.2f}{cold / 1e9:>10.3f}{cold / floor_cold:>8.2f}"
            f"{counts['first'] / 1e6:>9.0f}{counts['warm'] / 1e6:>8.1f}{verdict}"
        )


def main() -> None:
    build_artifacts()
    hooks = Tape("hooks")  # the account's webhook endpoint (answers 200; never recorded)
    world = world_of.start_world(hooks.start())
    try:
        measured = cases(world)
        for case in measured:
            record(case, world)
    finally:
        world.stop()
    for case in measured:  # warm the OS file cache
        time_once(case)
    for _ in range(RUNS):
        for case in measured:
            time_once(case)
    print_times(measured)
    calls = {case.name: len(case.tape.answers) for case in measured if case.tape is not None}
    print("AWS calls replayed per case (init + first + warm): "
          + ", ".join(f"{name.removesuffix('Function')} {n}" for name, n in calls.items() if n))  # fmt: skip

    layer_mb = size_mb(HOST / "SharedLayer")
    functions_mb = sum(size_mb(folder) for folder in function_folders().values())
    total = layer_mb + functions_mb
    print(f"\nunzipped size: layer {layer_mb:.1f} MB + functions {functions_mb:.1f} MB = {total:.1f} MB "
          f"(target <= {TARGET_MB:.0f} MB: {_mark(total <= TARGET_MB)})")  # fmt: skip
    if os.environ.get("INSTRUCTIONS", "1") != "0":
        if shutil.which("valgrind") is None:
            raise SystemExit("instructions need valgrind (apt-get install valgrind); INSTRUCTIONS=0 skips them")
        with ThreadPoolExecutor(max_workers=int(os.environ.get("VALGRIND_JOBS", "2"))) as pool:
            list(pool.map(count_instructions, measured))
        print_instructions(measured)
    slowest = max((case for case in measured if case.name not in REFERENCES), key=lambda c: c.median("init", "first"))
    print(f"\ntop packages by import self time ({slowest.name}, one -X importtime run):")
    for package, seconds in top_imports(slowest):
        print(f"  {package:<28}{seconds * 1000:>8.1f} ms")
    for case in measured:
        if case.tape is not None:
            case.tape.stop()
    hooks.stop()


if __name__ == "__main__":
    main()

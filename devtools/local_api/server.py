"""`python -m devtools.local_api`: moto in server mode, the template's resources, seed data, the API, the consumers.

Start-up order matters: the functions' environment (endpoint, fake credentials, table names) is set in this
process before anything imports the shared layer, because Powertools and the settings read it once.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from werkzeug.serving import WSGIRequestHandler

from devtools.infra import (
    ROOT,
    TEMPLATE_PATH,
    create_resources,
    scheduled_functions,
    sqs_consumers,
    stream_consumers,
)
from devtools.local_api import STARTED
from devtools.local_api.environments import DEFAULT_CONCURRENCY, PRELOAD, start_forkserver
from devtools.local_api.terminal import take_foreground

LOG = logging.getLogger("devtools.local_api")
READY_MARKER = "LOCAL_API_READY"
REGION = "eu-west-1"
LOCAL_DIR = ROOT / ".local"
LAYER_PATH = ROOT / "layers" / "shared"

MOTO_WARNING = (
    "moto on {endpoint} gives full access to every table, queue and user pool (no credentials checked): "
    "keep it on loopback"
)
# Local-only settings on top of the template's Globals: the deterministic agent, and tool/knowledge URLs that
# may point at loopback test servers over http.
LOCAL_OVERRIDES = {"AGENT_ENGINE": "offline", "AGENT_ENGINE_PLAYGROUND": "offline", "ALLOW_LOOPBACK_HTTP": "true"}
# The sweeper's deadlines, short: locally every order is terminal within two minutes of its creation
# (docs/local-development.md); `--parameter-overrides` changes any of them.
LOCAL_PARAMETERS = {
    "AgentEngine": "offline",
    "PlaygroundAgentEngine": "offline",
    "OrderRedriveSeconds": "10",
    "OrderDeadlineSeconds": "60",
    "WebhookRedriveSeconds": "30",
    "SourceRedriveSeconds": "20",
    "SourceDeadlineSeconds": "90",
}
# Not declared in the template, so `sam local` would drop them anyway; only the in-process functions see them.
LOCAL_ONLY = {"ALLOW_LOOPBACK_HTTP"}
# The shared layer's heavy modules (models, the resolver factory), imported once for every environment: none reads
# a setting at import time (settings are read on first use, inside an invocation).
LAYER_PRELOAD = ["runa.core.api", "runa.core.consumer", "runa.payouts.services.orders", "runa.agent.services.chat"]
# The functions' log level locally: each request's record is its access line (with its latency), and the functions
# add their warnings and errors. Deployed they log INFO too (the template's POWERTOOLS_LOG_LEVEL), which
# --function-log-level INFO shows here.
FUNCTION_LOG_LEVEL = "WARNING"
FUNCTION_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Lambda's SQS event source mapping starts with five concurrent pollers (batches) per queue.
SQS_POLLERS = 5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m devtools.local_api", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address the API listens on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=3000, help="API port (default 3000; 0 picks a free one)")
    parser.add_argument("--moto-host", default="127.0.0.1", help="address moto listens on (0.0.0.0 for containers)")
    parser.add_argument("--moto-port", type=int, default=4566, help="moto port (default 4566; 0 picks a free one)")
    parser.add_argument(
        "--env-file",
        type=Path,
        default=LOCAL_DIR / "env.sh",
        help="shell file to `source` for the admin tool (default .local/env.sh)",
    )
    parser.add_argument(
        "--keys-file",
        type=Path,
        help="the seeded keys and console login as `export` lines (default: keys.env beside --env-file)",
    )
    parser.add_argument(
        "--sam-env-file",
        type=Path,
        help="also write an env-vars file for `sam local start-api --env-vars` pointing the functions at this moto",
    )
    parser.add_argument(
        "--sam-endpoint-host",
        default="host.docker.internal",
        help="how Lambda containers reach moto, for --sam-env-file (default host.docker.internal)",
    )
    parser.add_argument(
        "--ready-line",
        action="store_true",
        help=f"also print one `{READY_MARKER} {{json}}` line when ready (urls, keys, environment), for programs",
    )
    parser.add_argument("--no-consumers", action="store_true", help="do not poll the SQS queues")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        help="execution environments per function where the template sets no ReservedConcurrentExecutions "
        f"(default {DEFAULT_CONCURRENCY}); past it a request answers 429",
    )
    parser.add_argument("--retry-after", type=int, default=2, help="seconds before a failed SQS message is retried")
    parser.add_argument(
        "--faults",
        type=_fault_spec,
        help="inject botocore faults into the order path's functions, e.g. rate=0.15,seed=7 (devtools/faults.py); "
        "implies --control",
    )
    parser.add_argument(
        "--control",
        action="store_true",
        help="serve /_local/environments, /_local/kill and /_local/faults (devtools/local_api/control.py)",
    )
    parser.add_argument(
        "--sweep-every",
        type=float,
        default=5.0,
        help="seconds between runs of each scheduled function (the sweeper; default 5)",
    )
    parser.add_argument(
        "--parameter-overrides",
        nargs="*",
        default=[],
        metavar="NAME=VALUE",
        help="template parameters, as `sam deploy --parameter-overrides` takes them (e.g. OrderDeadlineSeconds=30)",
    )
    parser.add_argument(
        "--function-log-level",
        type=str.upper,
        choices=FUNCTION_LOG_LEVELS,
        default=FUNCTION_LOG_LEVEL,
        help=f"the functions' POWERTOOLS_LOG_LEVEL (default {FUNCTION_LOG_LEVEL}: one access line per request, and "
        "the functions' warnings and errors; INFO logs and prints metrics as deployed)",
    )
    parser.add_argument(
        "--take-terminal",
        action="store_true",
        help="on a terminal, run as its foreground process group, alone: Ctrl-C stops the local API and not the "
        "program that started it (`make dev` passes it, so that make exits 0; devtools/local_api/terminal.py)",
    )
    return parser.parse_args(argv)


def _fault_spec(text: str) -> Any:
    from devtools.faults import FaultSpec, FaultSpecError

    try:
        return FaultSpec.parse(text)
    except FaultSpecError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _sender(sqs: Any, queue_url: str) -> Callable[[dict[str, Any]], None]:
    """An on-failure destination: the description of a batch given up, sent to its queue."""

    def send(body: dict[str, Any]) -> None:
        sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps(body))

    return send


def parameters(overrides: list[str]) -> dict[str, str]:
    """LOCAL_PARAMETERS with the command line's NAME=VALUE pairs on top."""
    chosen = dict(LOCAL_PARAMETERS)
    for pair in overrides:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise SystemExit(f"--parameter-overrides takes NAME=VALUE, not {pair!r}")
        chosen[name] = value
    return chosen


def function_logging(level: str) -> dict[str, str]:
    """The functions' logging settings for `level`. At WARNING or ERROR their metrics are not printed either: they
    are EMF lines for CloudWatch, one or more per invocation, and nothing reads them here."""
    quiet = {"POWERTOOLS_METRICS_DISABLED": "true"} if level in ("WARNING", "ERROR") else {}
    return {"POWERTOOLS_LOG_LEVEL": level, **quiet}


def aws_environment(endpoint: str) -> dict[str, str]:
    """boto3 pointed at moto with fake credentials; nothing here can reach real AWS."""
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",  # moto accepts anything; never a real secret
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "POWERTOOLS_TRACE_DISABLED": "true",
    }


def function_variables(
    template: dict[str, Any], physical: dict[str, str], parameters: dict[str, str]
) -> dict[str, dict[str, str]]:
    """Each function's own `Environment.Variables` (beyond the Globals), resolved like the Globals, by logical id.

    A variable whose `!Ref` has no local resource (e.g. a KMS key) is left unset, with a warning."""
    from runa_ops.template import parameter_defaults, resolve, resources_of_type

    params = {**parameter_defaults(template), **parameters}
    functions: dict[str, dict[str, str]] = {}
    for logical, spec in resources_of_type(template, "AWS::Serverless::Function").items():
        variables = ((spec["Properties"].get("Environment") or {}).get("Variables")) or {}
        own = functions.setdefault(logical, {})
        for name, raw in variables.items():
            try:
                value = resolve(raw, physical, params)
            except KeyError as error:
                LOG.warning("%s: %s is not emulated locally (%s); left unset", logical, name, error)
                continue
            if not isinstance(value, str | int | float | bool):
                LOG.warning("%s: %s uses an intrinsic the local API cannot resolve; left unset", logical, name)
                continue
            own[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return functions


def write_env_sh(env: dict[str, str], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Written by `make dev`: point boto3 and the admin tool at the local API's moto.", "unset AWS_PROFILE"]
    lines += [f"export {name}={shlex.quote(value)}" for name, value in sorted(env.items())]
    path.write_text("\n".join(lines) + "\n")


def write_keys_env(exports: list[str], path: Path) -> None:
    """The keys and the login, readable only by their owner (they are secrets, even local ones)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    header = "# Written by `make dev`: the seeded keys and the console login of this run."
    path.write_text("\n".join([header, *exports]) + "\n")


def write_sam_env(path: Path, functions_env: dict[str, str], endpoint: str, container_endpoint: str) -> None:
    """`sam local start-api --env-vars` file. SAM passes a function only the variables the template declares,
    which is why the Globals declare AWS_ENDPOINT_URL (empty when deployed)."""
    variables = {
        name: value.replace(endpoint, container_endpoint)  # queue URLs too: 127.0.0.1 is the container itself
        for name, value in functions_env.items()
        if name not in LOCAL_ONLY
    }
    variables.update(
        {"AWS_ENDPOINT_URL": container_endpoint, "AGENT_ENGINE": "offline", "AGENT_ENGINE_PLAYGROUND": "offline"}
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"Parameters": variables}, indent=2) + "\n")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


class PortBusy(OSError):
    """A port we must listen on is taken; the message names it and, where it can tell, the process holding it."""


# The `make dev` variable of each port option, and another port to suggest: the error speaks make's language only.
MAKE_VARIABLES = {"--port": ("PORT", 3100), "--moto-port": ("MOTO_PORT", 4600)}


def ensure_free(host: str, port: int, option: str) -> None:
    """Fail fast: moto's server thread would die silently on a port in use and leave start() waiting."""
    if port == 0:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the servers themselves bind: connections of a previous run in TIME_WAIT do not make a port busy.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            holder = port_holder(port)
            by = f" by {holder}" if holder else ""
            variable, other = MAKE_VARIABLES.get(option, (option, port + 1))
            raise PortBusy(
                error.errno,
                f"port {port} ({variable}) on {host} is already in use{by}: stop it, or pick another port, "
                f"e.g. `make dev {variable}={other}` (`make dev {variable}=0` picks a free one)",
            ) from None


def _one_line(command: str, width: int = 80) -> str:
    """A process's command as one short line: its first line, cut to `width` characters (an argument may hold a
    whole script)."""
    first = command.strip().splitlines()[0].strip() if command.strip() else ""
    return first if len(first) <= width else first[: width - 1] + "…"


def port_holder(port: int) -> str | None:
    """`pid 1234 (python3 -m devtools.local_api)` for the process listening on `port`, from /proc (Linux), else
    from `lsof` where it exists; None when neither can tell (another user's process, say)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                    inodes.add(f"socket:[{inode}]")
    if inodes:
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                if any(os.readlink(fd) in inodes for fd in (proc / "fd").iterdir()):
                    command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
                    return f"pid {proc.name} ({_one_line(command)})"
    lsof = shutil.which("lsof")
    if lsof is None:
        return None
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        found = subprocess.run(  # noqa: S603 - fixed arguments
            [lsof, "-nP", f"-iTCP:{port}", "-sTCP:LISTEN", "-Fpc"], capture_output=True, text=True, timeout=5
        ).stdout.split()
        pid = next((item[1:] for item in found if item.startswith("p")), None)
        command = next((item[1:] for item in found if item.startswith("c")), "")
        if pid:
            return f"pid {pid} ({_one_line(command)})"
    return None


def _configure_logging() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("devtools").setLevel(logging.INFO)
    # moto's server logs every SDK call through werkzeug; our API's requests have their own logger.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    class _DropExpectedDenials(logging.Filter):
        # SAM logs every Deny as an authorizer failure; a refused key is an answer here, not an error.
        def filter(self, record: logging.LogRecord) -> bool:
            message = record.getMessage()
            # ...and a throttled authorizer is our own 429, logged once by the service.
            return "Request is not authorized" not in message and "Rate exceeded" not in message

    logging.getLogger("samcli.local.apigw.local_apigw_service").addFilter(_DropExpectedDenials())
    # SAM's banner that local authorizers may differ from deployed ones: docs/local-development.md says so.
    logging.getLogger("samcli.lib.providers.api_collector").setLevel(logging.ERROR)


class _AccessLog(WSGIRequestHandler):
    """One line per API request on our logger, with its latency (from the request line to the answer's headers);
    moto's own request lines stay quiet (werkzeug's logger)."""

    def handle_one_request(self) -> None:
        self._started = time.perf_counter()
        super().handle_one_request()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        started = getattr(self, "_started", None)
        took = f" {(time.perf_counter() - started) * 1000:.0f} ms" if started is not None else ""
        line = self.requestline.translate(self._control_char_table)  # no control characters from the path
        self.log("info", '"%s" %s %s%s', line, getattr(code, "value", code), size, took)

    def log(self, type: str, message: str, *args: Any) -> None:
        logging.getLogger("devtools.local_api.http").info("%s " + message, self.address_string(), *args)


class LocalApi:
    """Everything `make dev` runs, started and stopped in order."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.stopping = threading.Event()
        self.moto: Any = None
        self.http: Any = None
        self.http_thread: threading.Thread | None = None
        self.pollers: list[Any] = []
        self.runtime: Any = None
        self.listener: socket.socket | None = None
        self.faults_dir: Path | None = None

    def start(self) -> dict[str, Any]:
        from werkzeug.serving import make_server

        from devtools.moto_server import MotoProcess

        ensure_free(self.args.moto_host, self.args.moto_port, "--moto-port")
        ensure_free(self.args.host, self.args.port, "--port")
        # The API's port is taken now (0: a free one), so the functions know this deployment's docs address.
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((self.args.host, self.args.port))
        self.listener.listen(128)
        base_url = f"http://{self.args.host}:{self.listener.getsockname()[1]}"
        params = {**parameters(self.args.parameter_overrides), "DocsBaseUrl": f"{base_url}/docs"}
        self.moto = MotoProcess(ip_address=self.args.moto_host, port=self.args.moto_port)
        self.moto.start()
        moto_port = self.moto.get_host_and_port()[1]
        endpoint = f"http://127.0.0.1:{moto_port}"

        os.environ.pop("AWS_PROFILE", None)
        os.environ.update(aws_environment(endpoint))
        infra = create_resources(prefix="local")
        globals_env = {**infra.environment(params), **LOCAL_OVERRIDES}
        globals_env.pop("AWS_ENDPOINT_URL", None)  # the template's empty default must not hide moto
        logging_env = function_logging(self.args.function_log_level)  # not the admin tool's (env.sh)
        own = function_variables(infra.template, infra.physical, params)
        # Each function's environment gets its own variables; the admin tool and the seed get them all.
        environments = {
            name: {**aws_environment(endpoint), **globals_env, **variables, **LOCAL_OVERRIDES, **logging_env}
            for name, variables in own.items()
        }
        if self.args.faults is not None:
            # Only the faulted functions' environments get the injector's variables (never the template's).
            from devtools import faults

            self.faults_dir = Path(tempfile.mkdtemp(prefix="runa-faults-"))
            for name, variables in environments.items():
                variables.update(faults.environment(self.args.faults, name, self.faults_dir))
        functions_env = {**globals_env, **{k: v for variables in own.values() for k, v in variables.items()}}
        # The forkserver's too: it imports the layer's logger, which reads its level once.
        os.environ.update({**functions_env, **logging_env})
        # Environments fork from a server that imported the libraries and the shared layer once, with the Globals.
        start_forkserver(PRELOAD + LAYER_PRELOAD, paths=[str(LAYER_PATH), str(ROOT)])

        # Only now: these import the shared layer, which reads the environment once.
        from devtools import seed
        from devtools.local_api.emulator import build_emulator
        from runa_ops.template import load_template

        template = load_template(TEMPLATE_PATH)
        emulator = build_emulator(
            TEMPLATE_PATH,
            template,
            host=self.args.host,
            port=self.args.port,
            parameters={"DocsBaseUrl": params["DocsBaseUrl"]},
            environments=environments,
            concurrency=self.args.concurrency,
        )
        self.runtime = emulator.runner
        # One warm environment per function, started in parallel while the seed runs.
        failed: list[str] = []
        warming = threading.Thread(target=lambda: failed.extend(emulator.runner.warm()), name="warm", daemon=True)
        warming.start()

        import boto3

        from devtools.local_api import console

        # /console and the Cognito authorizer SAM does not emulate (devtools/local_api/console.py).
        app, user_pool = console.attach(
            template, emulator.service, boto3.client("cognito-idp"), endpoint, REGION, lambda: base_url
        )
        if self.args.control or self.args.faults is not None:
            from devtools.local_api.control import ControlMiddleware

            app = ControlMiddleware(app, emulator.runner, self.faults_dir, self.args.faults)
        self.http = make_server(
            self.args.host, self.args.port, app, threaded=True, request_handler=_AccessLog, fd=self.listener.fileno()
        )
        emulator.service.port = self.listener.getsockname()[1]  # events carry the real port (X-Forwarded-Port)

        admin_env = {**aws_environment(endpoint), **functions_env, "PYTHONPATH": f"{LAYER_PATH}{os.pathsep}{ROOT}"}
        admin_env.update(console.environment(user_pool))
        ctx = seed.run(seed.SeedContext(env=admin_env))
        write_env_sh(admin_env, self.args.env_file)
        if self.args.sam_env_file:
            sam_endpoint = f"http://{self.args.sam_endpoint_host}:{moto_port}"
            write_sam_env(self.args.sam_env_file, functions_env, endpoint, sam_endpoint)

        warming.join()
        if not self.args.no_consumers:
            self._start_pollers(template, infra, emulator.runner)

        self.http_thread = threading.Thread(target=self.http.serve_forever, name="local-api", daemon=True)
        self.http_thread.start()
        seconds = time.perf_counter() - STARTED

        print(f"moto (DynamoDB, SQS, ...) on {endpoint}", flush=True)
        for method, path, function in emulator.routes:
            print(f"  {method:<6} {base_url}{path}  ->  {function}", flush=True)
        for poller in self.pollers:
            print(f"  {poller.describe()}", flush=True)
        limits = sorted({pool.limit for pool in emulator.runner.pools.values()})
        print(
            f"Lambda: one process per execution environment, at most {'/'.join(map(str, limits))} "
            "per function (--concurrency)",
            flush=True,
        )
        if self.args.faults is not None:
            faulted = ", ".join(self.args.faults.functions)
            print(f"FAULTS injected into {faulted}: {self.args.faults.text()}", flush=True)
        if failed:
            print(f"WARNING: could not import {', '.join(failed)} (their routes answer 5xx)", flush=True)
        for note in ctx.notes:
            print(note, flush=True)
        admin = f"source {_shown(self.args.env_file)} && .venv/bin/runa-admin keys list"
        print(f"\nAdmin tool against this moto:  {admin}", flush=True)
        print(MOTO_WARNING.format(endpoint=endpoint), flush=True)
        if self.args.sam_env_file:
            print(f"sam local start-api env-vars:  {self.args.sam_env_file}", flush=True)
        print(f"\nServing on {base_url} (ready in {seconds:.1f}s). Ctrl-C stops.", flush=True)
        ready = {"url": base_url, "endpoint": endpoint, "keys": ctx.keys, "env": admin_env, "seconds": seconds}
        ready["logins"] = ctx.logins
        if self.args.ready_line:
            print(f"{READY_MARKER} {json.dumps(ready)}", flush=True)
        # Last, where a reader looks: the keys and the login, as lines to paste (or to `source` from the file).
        keys_file = self.args.keys_file or self.args.env_file.parent / "keys.env"
        exports = seed.exports(ctx, base_url)
        write_keys_env(exports, keys_file)
        print(f"\nKeys and console login (shown once; also in {_shown(keys_file)}: `source {_shown(keys_file)}`):")
        print("\n".join(exports), flush=True)
        return ready

    def _start_pollers(self, template: dict[str, Any], infra: Any, runner: Any) -> None:
        import boto3

        from devtools.sqs_poller import SqsPoller

        for function, consumer in sqs_consumers(template).items():
            queue = consumer["queue"]
            poller = SqsPoller(
                name=function,
                sqs=boto3.client("sqs"),
                queue_url=infra.queue_url(queue),
                queue_arn=infra.queue_arns[queue],
                invoke=partial(runner.call, function, wait=True),  # an event source waits for a free one
                batch_size=consumer["batch_size"],
                partial_failures=consumer["partial_failures"],
                region=REGION,
                retry_after=self.args.retry_after,
                concurrency=min(SQS_POLLERS, runner.pools[function].limit),
            )
            poller.start()
            self.pollers.append(poller)
        self._start_stream_and_schedule_pollers(template, infra, runner)

    def _start_stream_and_schedule_pollers(self, template: dict[str, Any], infra: Any, runner: Any) -> None:
        import boto3

        from devtools.schedule_poller import SchedulePoller
        from devtools.stream_poller import poller_for

        ddb, sqs, streams = boto3.client("dynamodb"), boto3.client("sqs"), boto3.client("dynamodbstreams")
        for consumer in stream_consumers(template):
            failures = consumer["on_failure_queue"]
            stream = poller_for(
                consumer,
                table_name=infra.physical[consumer["table"]],
                dynamodb=ddb,
                streams=streams,
                invoke=partial(runner.call, consumer["function"], wait=True),
                on_failure=_sender(sqs, infra.queue_url(failures)) if failures else None,
                region=REGION,
            )
            stream.start()
            self.pollers.append(stream)
        for function in scheduled_functions(template):
            schedule = SchedulePoller(
                name=function,
                invoke=partial(runner.call, function, wait=True),
                every_seconds=self.args.sweep_every,
                region=REGION,
            )
            schedule.start()
            self.pollers.append(schedule)

    def stop(self) -> None:
        for poller in self.pollers:  # all at once: each may be inside a one-second long poll
            poller.request_stop()
        for poller in self.pollers:
            poller.stop()
        if self.http is not None:
            self.http.shutdown()
            self.http.server_close()
        if self.listener is not None:
            self.listener.close()
        if self.runtime is not None:
            self.runtime.close()
        if self.moto is not None:
            self.moto.stop()
        if self.faults_dir is not None:
            shutil.rmtree(self.faults_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # First: all the local API starts (moto, the environments) must join the process group it may move into.
    give_back = take_foreground() if args.take_terminal else None
    try:
        return _run(args)
    finally:
        if give_back is not None:
            give_back()


def _run(args: argparse.Namespace) -> int:
    os.environ.setdefault("SAM_CLI_TELEMETRY", "0")
    _configure_logging()
    local = LocalApi(args)

    def request_stop(signum: int, _frame: Any) -> None:
        local.stopping.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        local.start()
        while not local.stopping.wait(0.5):
            pass
        print("\nStopping: SQS pollers, API, moto...", flush=True)
    except PortBusy as error:
        print(f"error: {error.strerror}", file=sys.stderr, flush=True)
        local.stop()
        return 1
    except OSError as error:
        print(f"error: {error} (is a port in use? try --port / --moto-port)", file=sys.stderr, flush=True)
        local.stop()
        return 1
    except BaseException:
        local.stop()  # moto, the environments and the pollers must not outlive a failed start
        raise
    local.stop()
    print("Stopped.", flush=True)
    return 0

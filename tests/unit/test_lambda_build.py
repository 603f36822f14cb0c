"""What `sam build` ships (scripts/build_lambda.py): nothing the python3.13 runtime provides, bytecode for every
module, nothing that never runs, and handlers that import from the artifact with only the runtime's packages beside
it. The artifact is built once for this machine's architecture and reused while its inputs are unchanged."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from devtools.built import built_functions, run_in_built
from devtools.infra import TEMPLATE_PATH
from runa.core import aws
from runa_ops.template import load_template, resources_of_type
from scripts import build_lambda

ROOT = Path(__file__).resolve().parents[2]


def _runtime_versions() -> dict[str, Version]:
    versions = {}
    for line in build_lambda.RUNTIME_PROVIDED.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==")
            versions[canonicalize_name(name)] = Version(version)
    return versions


def _shipped_requirements() -> list[Requirement]:
    files = [ROOT / "layers/shared/requirements.txt", *sorted(ROOT.glob("functions/*/requirements.txt"))]
    return [
        Requirement(line)
        for path in files
        for line in (raw.split("#", 1)[0].strip() for raw in path.read_text().splitlines())
        if line
    ]


def _closure(requirements: list[Requirement]) -> dict[str, list[Requirement]]:
    """Every distribution pip installs for these requirements -> the requirements others place on it."""
    placed: dict[str, list[Requirement]] = {}
    pending = list(requirements)
    seen: set[tuple[str, frozenset[str]]] = set()
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        placed.setdefault(name, []).append(requirement)
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        for raw in importlib.metadata.requires(requirement.name) or []:
            child = Requirement(raw)
            extras = requirement.extras or {""}
            if child.marker is None or any(child.marker.evaluate({"extra": extra}) for extra in extras):
                pending.append(child)
    return placed


def test_the_runtime_versions_are_recorded_and_satisfy_every_shipped_package() -> None:
    runtime = _runtime_versions()
    placed = _closure(_shipped_requirements())

    assert set(runtime) == {"boto3", "botocore"}
    assert "botocore" in placed  # aws-xray-sdk asks for it: the build must leave it to the runtime
    for name, version in runtime.items():
        for requirement in placed.get(name, []):
            assert version in requirement.specifier, f"{requirement} is not met by the runtime's {name} {version}"


@pytest.fixture(scope="module")
def artifact() -> Path:
    return build_lambda.build_host()


def _packages(folder: Path) -> set[str]:
    return {canonicalize_name(re.split(r"-\d", p.name)[0]) for p in folder.iterdir()}


def test_given_the_build_then_nothing_the_runtime_provides_ships(artifact: Path) -> None:
    provided = set(build_lambda.runtime_provided()) | {"dateutil"}
    shipped = _packages(artifact / "SharedLayer" / "python")
    for function in built_functions(artifact):
        shipped |= _packages(function)

    assert {"pydantic", "aws-lambda-powertools", "runa"} <= shipped
    assert not shipped & provided


def test_every_function_is_built_by_the_recipe_from_the_folder_its_logical_id_names() -> None:
    functions = resources_of_type(load_template(TEMPLATE_PATH), "AWS::Serverless::Function")

    assert len(functions) >= 11
    for logical, spec in functions.items():
        assert spec["Metadata"]["BuildMethod"] == "makefile", logical
        assert spec["Metadata"]["ContextPath"] == "functions", logical
        assert spec["Metadata"]["BuildArchitecture"] == "arm64", logical
        folder = build_lambda.function_folder(logical)
        assert spec["Properties"]["CodeUri"].rstrip("/") == str(folder.relative_to(ROOT)), logical
        assert (folder / "app.py").exists(), logical


def test_given_the_build_then_every_module_has_unchecked_hash_bytecode_and_nothing_else_ships(
    artifact: Path,
) -> None:
    layer = artifact / "SharedLayer" / "python"
    functions = built_functions(artifact)
    sources = list(layer.rglob("*.py")) + [source for function in functions for source in function.rglob("*.py")]

    assert len(sources) > 500
    assert all(function / "app.py" in sources for function in functions)
    for source in sources:
        compiled = source.parent / "__pycache__" / f"{source.stem}.cpython-313.pyc"
        flags = int.from_bytes(compiled.read_bytes()[4:8], "little")
        assert flags == 0b01, f"{compiled}: hash-based bytecode that is never re-checked against its source"
    assert not [p for p in layer.rglob("*") if p.suffix in (".pyi", ".c") or p.name in ("tests", "RECORD")]


def test_given_the_build_then_every_function_imports_with_only_the_runtime_beside_it(artifact: Path) -> None:
    layer = artifact / "SharedLayer" / "python"
    runtime = artifact / "runtime"
    functions = built_functions(artifact)

    assert len(functions) >= 11
    for function in functions:
        result = run_in_built(
            artifact, function, "import app, botocore, pydantic; print(botocore.__file__); print(pydantic.__file__)"
        )
        assert result.returncode == 0, f"{function.name}: {result.stderr[-2000:]}"
        botocore_file, pydantic_file = result.stdout.split()
        assert botocore_file.startswith(str(runtime))
        assert pydantic_file.startswith(str(layer))


# Every dataclass method the init defines, as what a caller can observe: its code, constants, names and annotations.
_DATACLASS_METHODS = """
import dataclasses, json, sys, types, runa.boot
if {stock}:
    del dataclasses.exec  # the builtin again (runa.core.codecache set it): dataclasses compiles each text itself
import app

def shape(code):
    # A frozenset's repr follows string hashes, which differ between processes: its members, sorted.
    consts = [
        shape(c) if isinstance(c, types.CodeType) else sorted(c) if isinstance(c, frozenset) else repr(c)
        for c in code.co_consts
    ]
    return [code.co_code.hex(), consts, code.co_names, code.co_varnames, code.co_flags, code.co_filename]

methods = {{}}
for name, module in list(sys.modules.items()):
    for cls in [v for v in vars(module).values() if isinstance(v, type) and dataclasses.is_dataclass(v)]:
        for attr, value in vars(cls).items():
            code = getattr(value, "__code__", None)
            if code is not None and code.co_filename == "<string>":
                key = f"{{cls.__module__}}.{{cls.__qualname__}}.{{attr}}"
                methods[key] = [shape(code), repr(value.__annotations__)]
print(json.dumps(methods, sort_keys=True))
"""


def test_given_the_build_then_dataclass_methods_are_those_dataclasses_compiles_itself(artifact: Path) -> None:
    function = artifact / "payouts_orders"
    compiled, stock = (run_in_built(artifact, function, _DATACLASS_METHODS.format(stock=s)) for s in (False, True))
    assert compiled.returncode == 0 and stock.returncode == 0, compiled.stderr[-2000:] + stock.stderr[-2000:]

    methods = json.loads(compiled.stdout.splitlines()[-1])
    assert len(methods) > 100  # __init__, __repr__, __eq__, ... of annotated_types, pydantic, Powertools and ours
    assert methods == json.loads(stock.stdout.splitlines()[-1])


# What a function does not run at once, its cold start does not import: an agent engine loads with the first request
# that needs it, and each function loads only its own wiring (runa/<domain>/services/<resource group>.py).
NOT_AT_COLD_START = {
    # The engines load on the first turn that needs one; the offline router only for a product with tools.
    "agent_chat": {
        "runa.agent.logic.offline",
        "runa.agent.logic.converse",
        "runa.agent.data.bedrock",
        "runa.agent.logic.routing",
        "runa.agent.logic.arguments",
    },
    "agent_tools": {"runa.agent.services.chat", "runa.agent.logic.offline", "runa.agent.data.bedrock"},
    "agent_analytics": {"runa.agent.services.chat", "runa.agent.logic.chat", "runa.agent.data.tool_client"},
    "console_keys": {"runa.payouts.services.orders", "runa.agent.services.conversations", "runa.knowledge.services"},
    "console_agent": {"runa.agent.services.chat", "runa.agent.logic.chat", "runa.agent.logic.untrusted"},
    "console_payouts": {"runa.payouts.services.orders", "runa.agent.services.conversations"},
    # The balance read: no order record, store or schema.
    "payouts_account": {
        "runa.payouts.services.orders",
        "runa.payouts.services.webhooks",
        "runa.payouts.data.orders",
        "runa.payouts.logic.records",
        "runa.payouts.models.orders",
        "runa.payouts.models.products",
    },
    # Finishing an order reads its products' availability: not the placing stores and rules, nor the /v2 order and
    # product schemas.
    "orders_consumer": {
        "runa.payouts.services.orders",
        "runa.payouts.data.placement",
        "runa.payouts.logic.placing",
        "runa.payouts.logic.pricing",
        "runa.payouts.models.orders",
        "runa.payouts.models.products",
    },
    "webhooks_consumer": {"runa.payouts.services.orders", "runa.payouts.models.orders", "runa.payouts.models.products"},
    # The relay makes queue messages and webhook payloads (models.order_summary), never an order; a knowledge source
    # record loads the knowledge schemas and store when it comes (most records are orders).
    "outbox_relay": {
        "runa.payouts.logic.placing",
        "runa.payouts.logic.views",
        "runa.payouts.models.orders",
        "runa.payouts.models.products",
        "runa.knowledge.models",
        "runa.knowledge.data.sources",
    },
    # The sweeper fails orders past their deadline (logic.settlement): not the consumer's product checks.
    "sweeper": {
        "runa.payouts.services.orders",
        "runa.payouts.logic.completion",
        "runa.payouts.logic.pricing",
        "runa.payouts.models.orders",
        "runa.payouts.models.products",
        # Due sources are read and re-driven without the knowledge schemas (jobs: runa.knowledge.messages).
        "runa.knowledge.models",
    },
    # A cold order reads its products as ProductTerms (no product schemas); finishing an order and the list's pages
    # load only when asked for.
    "payouts_orders": {
        "runa.payouts.models.products",
        "runa.payouts.services.completion",
        "runa.payouts.logic.completion",
        "runa.payouts.logic.pagination",
    },
    "payouts_products": {"runa.payouts.services.orders", "runa.payouts.services.webhooks"},
    "portal": {"runa.payouts", "runa.agent"},
}
# No function loads the boto3 package: the layer talks to AWS through botocore (runa.core.aws, runa.core.dynamodb),
# and boto3's __init__ alone costs about 7% of the cold-start floor. Nor asyncio (wrapt 1.17, and the build defers
# the batch processor's import of it to AsyncBatchProcessor, which no consumer uses), nor Powertools' parser models
# (the build keeps the batch processor from importing them for a type alias: TYPE_ONLY_BRANCHES).
FUNCTIONS_NEVER = {"boto3", "asyncio", "aws_lambda_powertools.utilities.parser"}
# Nor does an HTTP function load what only other event sources use: Powertools' other resolvers and its thirty-odd
# event classes (the build makes their package inits lazy).
HTTP_FUNCTIONS_NEVER = {
    "aws_lambda_powertools.event_handler.appsync",
    "aws_lambda_powertools.event_handler.bedrock_agent",
    "aws_lambda_powertools.utilities.data_classes.kinesis_firehose_event",
}


# Event sources whose functions take batches (Powertools' batch processor) or run on a schedule.
_BACKGROUND_EVENTS = {"SQS", "DynamoDB", "ScheduleV2", "Schedule"}


def _request_functions() -> set[str]:
    """The folders of the functions that answer requests (API routes, the authorizer), from the template."""
    functions = resources_of_type(load_template(TEMPLATE_PATH), "AWS::Serverless::Function").values()
    return {
        Path(spec["Properties"]["CodeUri"]).name
        for spec in functions
        if not any(event["Type"] in _BACKGROUND_EVENTS for event in (spec["Properties"].get("Events") or {}).values())
    }


def test_given_the_build_then_no_function_imports_at_cold_start_what_its_first_request_may_not_run(
    artifact: Path,
) -> None:
    code = "import app, json, sys; print(json.dumps(sorted(sys.modules)))"
    functions = [function.name for function in built_functions(artifact)]
    http_functions = _request_functions() & set(functions)
    assert len(http_functions) >= 10
    for folder in functions:
        absent = NOT_AT_COLD_START.get(folder, set()) | FUNCTIONS_NEVER
        absent |= HTTP_FUNCTIONS_NEVER if folder in http_functions else set()
        result = run_in_built(artifact, artifact / folder, code)
        assert result.returncode == 0, f"{folder}: {result.stderr[-2000:]}"

        loaded = set(json.loads(result.stdout))
        assert not absent & loaded, f"{folder} loads {sorted(absent & loaded)} at cold start"


def test_given_the_build_then_every_function_imports_its_dataclasses_and_patterns_from_the_code_cache(
    artifact: Path,
) -> None:
    # runa.core.codecache: what the layer's modules compile at import was compiled by the build; a miss at a
    # function's import means the cache was not written, not loaded, or no longer matches what the code asks for.
    # Only a function's own routes compile their patterns (Powertools makes one or two of each path), and Powertools'
    # tracer and the event handler a few on first use.
    code = "import app; from runa.core import codecache as c; print(c._installed, *c.missed)"
    for function in built_functions(artifact):
        result = run_in_built(artifact, function, code)
        assert result.returncode == 0, f"{function.name}: {result.stderr[-2000:]}"
        installed, dataclasses, patterns = result.stdout.split()
        routes = (function / "app.py").read_text().count("@app.")
        assert (installed, dataclasses) == ("True", "0"), f"{function.name}: {result.stdout}"
        assert int(patterns) <= 2 * routes + 3, f"{function.name} compiled {patterns} patterns for {routes} routes"


def _exports(package: str) -> str:
    """Each name the package exports -> where the object it resolves to is defined."""
    return (
        f"import json, {package} as package; "
        "print(json.dumps({name: [getattr(getattr(package, name), attribute, None) "
        "for attribute in ('__module__', '__qualname__')] for name in sorted(package.__all__)}))"
    )


def test_given_the_build_then_a_lazy_package_init_exports_what_the_original_exports(artifact: Path) -> None:
    for package in build_lambda.LAZY_INITS:
        # The development virtualenv holds the same release with its original, eager init.
        original = subprocess.run([sys.executable, "-c", _exports(package)], capture_output=True, text=True, check=True)

        built = run_in_built(artifact, artifact / "agent_tools", _exports(package))

        assert built.returncode == 0, built.stderr[-2000:]
        assert json.loads(built.stdout) == json.loads(original.stdout)
        assert len(json.loads(built.stdout)) >= 10


def test_given_an_init_that_does_more_than_re_export_then_the_build_refuses_to_make_it_lazy() -> None:
    source = "from pkg.a import A\nregister_plugins()\n__all__ = ['A']\n"

    with pytest.raises(SystemExit, match="line 2 does more than re-export"):
        build_lambda.lazy_init(source, "pkg")


def test_every_service_the_layer_calls_has_its_botocore_data_in_the_build() -> None:
    sources = "\n".join(path.read_text() for path in (ROOT / "layers" / "shared" / "runa").rglob("*.py"))
    called = set(re.findall(r"""aws\.client\(["']([a-z0-9-]+)["']\)""", sources)) | set(aws.AT_INIT.values())

    shipped = set(build_lambda.BOTOCORE_SERVICES)
    assert called and called <= shipped, sorted(called - shipped)


def test_every_dynamodb_operation_the_layer_makes_is_in_the_shipped_model() -> None:
    # Every string in runa.core.dynamodb (the one module that calls the DynamoDB client) that names an operation.
    operations = botocore.session.get_session().get_service_model("dynamodb").operation_names
    by_method = {"".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_"): name for name in operations}
    layer = ROOT / "layers" / "shared" / "runa"
    strings = set(re.findall(r"""["']([a-z_]+)["']""", (layer / "core" / "dynamodb.py").read_text()))
    made = {by_method[string] for string in strings if string in by_method}
    others = [path for path in layer.rglob("*.py") if path.name not in ("dynamodb.py", "aws.py")]

    assert {"GetItem", "TransactWriteItems", "BatchGetItem"} <= made
    assert made <= set(build_lambda.BOTOCORE_OPERATIONS["dynamodb"]), sorted(made)
    assert not [path for path in others if 'client("dynamodb")' in path.read_text()], "only runa.core.dynamodb may"


def test_every_s3_operation_the_layer_makes_is_in_the_shipped_model() -> None:
    # Every S3 call of the layer (a method of aws.client("s3"), or the operation it presigns), against the operations
    # the build keeps in S3's model: one left out would raise AttributeError on its first use.
    operations = botocore.session.get_session().get_service_model("s3").operation_names
    by_method = {"".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_"): name for name in operations}
    layer = ROOT / "layers" / "shared" / "runa"
    sources = {path: path.read_text() for path in layer.rglob("*.py")}
    calls = [
        name
        for source in sources.values()
        for name in re.findall(r"""aws\.client\(["']s3["']\)\.(\w+)\(\s*(?:["'](\w+)["'])?""", source)
    ]
    made = {by_method[method] for method, _ in calls if method in by_method}
    made |= {by_method[presigned] for method, presigned in calls if method == "generate_presigned_url"}

    assert {"GetObject", "PutObject", "DeleteObject"} <= made
    assert {method for method, _ in calls} <= set(by_method) | {"generate_presigned_url"}
    assert made <= set(build_lambda.BOTOCORE_OPERATIONS["s3"]), sorted(made)
    callers = {path.relative_to(layer).parts[:2] for path, source in sources.items() if 'client("s3")' in source}
    assert callers == {("knowledge", "data")}, callers  # only the knowledge's data modules call S3


# Where each client sends a request and how it signs it (signing region and service), by the layer's Session (its
# own botocore data) and by a stock one, for one representative operation of each service we ship, in every region of
# every partition, with FIPS and dual-stack on and off, and for S3 each addressing style and us-east-1 setting, plus
# the URL S3 presigns for an upload. Nothing is sent: `before-send` stops the request once it is signed.
ENDPOINTS = """
import itertools, json, os, sys, urllib.parse
import botocore, botocore.session
from botocore.config import Config
from runa.core import aws

class Sent(Exception):
    pass

def stop(request, **_):
    raise Sent(request.url, request.headers.get("Authorization", b""))

CALLS = {
    "dynamodb": lambda c: c.get_item(TableName="t", Key={"pk": {"S": "k"}}),
    "sqs": lambda c: c.send_message(QueueUrl="https://sqs.eu-west-1.amazonaws.com/123456789012/q", MessageBody="x"),
    "kms": lambda c: c.encrypt(KeyId="alias/k", Plaintext=b"x"),
    "bedrock-runtime": lambda c: c.converse(modelId="m", messages=[{"role": "user", "content": [{"text": "x"}]}]),
    "s3": lambda c: c.get_object(Bucket="knowledge-bucket", Key="k/1.json"),
}

def scope(credential):  # "KEY/20261207/eu-west-1/s3/aws4_request" -> "eu-west-1/s3"
    return "/".join(credential.split("/")[2:4])

def where(session, service, region, config):
    try:
        client = session.create_client(
            service, region_name=region, config=config, aws_access_key_id="k", aws_secret_access_key="s"
        )
    except Exception as error:
        return f"client: {type(error).__name__}: {error}"
    found = {"meta": [client.meta.region_name, client.meta.endpoint_url]}
    client.meta.events.register("before-send", stop)
    try:
        CALLS[service](client)
        found["call"] = "sent"
    except Sent as sent:
        url, authorization = sent.args
        found["call"] = [url, scope(authorization.decode().split("Credential=")[1].split(",")[0])]
    except Exception as error:
        found["call"] = f"{type(error).__name__}: {error}"
    if service == "s3":
        try:
            url = client.generate_presigned_url(
                "put_object", Params={"Bucket": "knowledge-bucket", "Key": "u/1", "ContentType": "text/plain"},
                ExpiresIn=900, HttpMethod="PUT",
            )
            parts = urllib.parse.urlsplit(url)
            query = urllib.parse.parse_qs(parts.query)
            signer = scope(query["X-Amz-Credential"][0]) if "X-Amz-Credential" in query else sorted(query)
            found["presign"] = [parts.netloc + parts.path, signer]
        except Exception as error:
            found["presign"] = f"{type(error).__name__}: {error}"
    return found

stock = botocore.session.Session()
partitions = stock.get_component("data_loader").load_data("partitions")["partitions"]
wanted = json.loads(os.environ["PARTITIONS"])
regions = [r for p in partitions if not wanted or p["id"] in wanted for r in p["regions"]]
regions += ["eu-west-9"] if not wanted or "aws" in wanted else []  # one that no file lists yet
lean = aws.session()
modes = list(itertools.product([False, True], [False, True]))
s3_modes = list(itertools.product(["auto", "path", "virtual"], ["legacy", "regional"]))
cases, differ = 0, {}
for service in json.loads(os.environ["SERVICES"]):
    for region, (fips, dualstack), (style, us_east_1) in itertools.product(
        regions, modes, s3_modes if service == "s3" else [(None, None)]
    ):
        s3 = {"addressing_style": style, "us_east_1_regional_endpoint": us_east_1} if style else None
        config = Config(use_fips_endpoint=fips, use_dualstack_endpoint=dualstack, s3=s3)
        ours, theirs = where(lean, service, region, config), where(stock, service, region, config)
        cases += 1
        if ours != theirs:
            differ[f"{service} {region} fips={fips} dualstack={dualstack} s3={s3}"] = [ours, theirs]
print(json.dumps({
    "data": str(aws._DATA), "lean": aws._DATA.is_dir(), "botocore": [botocore.__version__, botocore.__file__],
    "regions": regions, "cases": cases, "differ": differ,
}))
"""


def _endpoints_report(artifact: Path, partitions: tuple[str, ...], botocore_path: Path | None = None) -> Any:
    given = {"SERVICES": json.dumps(build_lambda.BOTOCORE_SERVICES), "PARTITIONS": json.dumps(partitions)}
    setup = f"import os; os.environ.update({given!r})"
    result = run_in_built(artifact, artifact / "authorizer", f"{setup}\n{ENDPOINTS}", botocore_path)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["lean"] and report["data"].startswith(str(artifact))  # the layer's data is what the Session reads
    return report


def test_given_the_botocore_the_layers_data_comes_from_then_every_client_resolves_as_stock_botocore(
    artifact: Path, tmp_path: Path
) -> None:
    # The runtime's oldest botocore (the data's own version): the lean data must lose nothing that resolution reads.
    with zipfile.ZipFile(build_lambda.botocore_wheel(tmp_path)) as wheel:
        wheel.extractall(tmp_path / "botocore", [name for name in wheel.namelist() if name.startswith("botocore/")])

    report = _endpoints_report(artifact, (), tmp_path / "botocore")

    assert report["botocore"] == [
        build_lambda.runtime_version("botocore"),
        str(tmp_path / "botocore" / "botocore" / "__init__.py"),
    ]
    assert {"us-east-1", "eu-west-1", "us-gov-west-1", "cn-north-1", "aws-global"} <= set(report["regions"])
    assert report["cases"] >= len(report["regions"]) * 4 * (len(build_lambda.BOTOCORE_SERVICES) - 1 + 6)
    assert not report["differ"], json.dumps(report["differ"], indent=1)[:6000]


def test_given_a_newer_runtime_botocore_then_every_client_resolves_as_its_stock_botocore_in_the_public_partitions(
    artifact: Path,
) -> None:
    # The stand-in runtime's botocore (newer than the data): its own newer rules must not resolve otherwise in the
    # partitions we deploy to. (The isolated partitions and aws-eusc gained dual-stack or came after the data's
    # botocore: there a newer runtime's stock resolution differs from the data's, as it would from any older botocore.)
    report = _endpoints_report(artifact, ("aws", "aws-cn", "aws-us-gov"))

    # client.meta.endpoint_url aside: the legacy endpoint, which no request goes to (with FIPS in GovCloud a newer
    # endpoints.json names DynamoDB's -fips host there; the request goes to the rules' endpoint either way).
    def sent(found: Any) -> Any:
        return {key: value for key, value in found.items() if key != "meta"} if isinstance(found, dict) else found

    assert report["botocore"][1].startswith(str(artifact / "runtime"))
    differ = {case: pair for case, pair in report["differ"].items() if sent(pair[0]) != sent(pair[1])}
    assert not differ, json.dumps(differ, indent=1)[:6000]


# The static import graph of what ships: every `import` / `from ... import` statement of every shipped .py file
# (module level or inside a function, so a lazy import counts too) and every literal importlib.import_module(...).
# Only an import that cannot fail the caller is left out: one inside `try:` whose handler catches ImportError (or
# broader), or under `if TYPE_CHECKING:`.
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
_IMPORT_CALLS = {"import_module", "__import__", "import_string"}


def _handles_import_error(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    if caught is None:
        return True
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(getattr(name, "id", getattr(name, "attr", None)) in _IMPORT_ERRORS for name in names)


def _import_targets(source: str, module: str, is_package: bool) -> list[tuple[int, list[str]]]:
    """(line, names) of each unguarded import: `from a.b import c` may load a.b and a.b.c (c is a module or not)."""
    found: list[tuple[int, list[str]]] = []

    def visit(node: ast.AST, guarded: bool) -> None:
        if isinstance(node, ast.Try | ast.TryStar):
            inner = guarded or any(_handles_import_error(handler) for handler in node.handlers)
            for child in node.body:
                visit(child, inner)
            for child in [*node.handlers, *node.orelse, *node.finalbody]:
                visit(child, guarded)
            return
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child, guarded)
            return
        if not guarded and isinstance(node, ast.Import):
            found.append((node.lineno, [alias.name for alias in node.names]))
        elif not guarded and isinstance(node, ast.ImportFrom):
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - node.level + 1] if node.level else []
            prefix = ".".join([*base, *([node.module] if node.module else [])])
            found.append((node.lineno, [prefix, *(f"{prefix}.{alias.name}" for alias in node.names)]))
        elif (
            not guarded
            and isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) in _IMPORT_CALLS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, [node.args[0].value.replace(":", ".")]))
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(ast.parse(source), False)
    return found


def _shipped_modules(root: Path) -> list[tuple[str, bool, Path]]:
    """(dotted name, is a package, file) of every importable .py file under a sys.path entry."""
    modules = []
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if not all(part.isidentifier() for part in parts):
            continue  # not importable by name (a dist-info's or a data folder's script)
        is_package = parts[-1] == "__init__"
        modules.append((".".join(parts[:-1] if is_package else parts), is_package, path))
    return modules


def _stripped_modules() -> set[str]:
    return {relative.removesuffix(".py").replace("/", ".") for relative in build_lambda.UNREACHABLE}


def _is_within(name: str, modules: set[str]) -> bool:
    return any(name == module or name.startswith(f"{module}.") for module in modules)


# An import of a stripped module in code that ships, and the condition that keeps it from running, which
# test_given_the_build_then_what_keeps_a_stripped_modules_import_from_running_holds checks.
CONDITIONAL_IMPORTS = {
    # `if ... getattr(obj, "__get_validators__")`: a pydantic 1 style custom type, of which none ships.
    ("pydantic._internal._generate_schema", "pydantic.v1"),
}


def test_given_the_build_then_no_import_statement_of_what_ships_names_a_stripped_module(artifact: Path) -> None:
    stripped = _stripped_modules()
    roots = [artifact / "SharedLayer" / "python", *built_functions(artifact)]
    scanned = 0
    naming = []
    for root in roots:
        for module, is_package, path in _shipped_modules(root):
            scanned += 1
            for line, targets in _import_targets(path.read_text(), module, is_package):
                for target in targets:
                    allowed = any(
                        module == importer and _is_within(target, {imported})
                        for importer, imported in CONDITIONAL_IMPORTS
                    )
                    if _is_within(target, stripped) and not allowed:
                        naming.append(f"{path.relative_to(artifact)}:{line} imports {target}")

    assert scanned > 500
    assert not naming, "\n".join(naming)
    for relative in build_lambda.UNREACHABLE:
        assert not (artifact / "SharedLayer" / "python" / relative).exists(), relative


def test_given_the_build_then_what_keeps_a_stripped_modules_import_from_running_holds(artifact: Path) -> None:
    # pydantic reaches pydantic.v1 only for a type with a __get_validators__ classmethod (pydantic 1's custom types)
    # or through the names pydantic.utils redirects there: nothing shipped defines the one or imports the other.
    defines = []
    imports_shim = []
    for root in [artifact / "SharedLayer" / "python", *built_functions(artifact)]:
        for module, is_package, path in _shipped_modules(root):
            tree = ast.parse(path.read_text())
            defines += [
                f"{module}:{node.lineno}"
                for node in ast.walk(tree)
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "__get_validators__"
            ]
            imports_shim += [
                f"{module}:{line}"
                for line, targets in _import_targets(path.read_text(), module, is_package)
                if any(_is_within(target, {"pydantic.utils"}) for target in targets)
            ]
    assert not defines
    assert not imports_shim


# Each function's app, then every name its lazy package inits (the build's and pydantic's own) export: what the
# static scan cannot see (a module named in a string) loads too, and nothing loaded comes from a stripped path.
RESOLVE_LAZY_EXPORTS = """
import importlib, json, sys
import app
for package in json.loads(sys.argv[1]):
    module = importlib.import_module(package)
    for name in module.__all__:
        getattr(module, name)
print(json.dumps(sorted(sys.modules)))
"""


def test_given_the_build_then_every_function_and_every_lazy_export_loads_without_the_stripped_modules(
    artifact: Path,
) -> None:
    packages = json.dumps(["pydantic", *build_lambda.LAZY_INITS])
    stripped = _stripped_modules()
    for function in built_functions(artifact):
        code = f"import sys; sys.argv[1:] = [{packages!r}]\n{RESOLVE_LAZY_EXPORTS}"
        result = run_in_built(artifact, function, code)

        assert result.returncode == 0, f"{function.name}: {result.stderr[-2000:]}"
        loaded = set(json.loads(result.stdout))
        assert {"pydantic.main", "aws_lambda_powertools.event_handler.appsync"} <= loaded
        assert not {module for module in loaded if _is_within(module, stripped)}


def test_given_an_unreachable_path_the_build_no_longer_has_then_it_stops(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "gone").mkdir(parents=True)
    (tmp_path / "pkg" / "old.py").write_text("")

    build_lambda.strip_unreachable(tmp_path, {"pkg/gone": "why", "pkg/old.py": "why"})
    assert not (tmp_path / "pkg" / "gone").exists() and not (tmp_path / "pkg" / "old.py").exists()

    with pytest.raises(SystemExit, match="pkg/moved"):
        build_lambda.strip_unreachable(tmp_path, {"pkg/moved": "an upgrade moved it"})


# Both batch processors in the built layer, whose batch/base.py imports asyncio only inside async_process.
BATCH_PROCESSORS = """
import json, sys
from aws_lambda_powertools.utilities.batch import (
    AsyncBatchProcessor, BatchProcessor, EventType, async_process_partial_response, process_partial_response,
)
assert "asyncio" not in sys.modules
records = [{"messageId": str(n), "body": str(n), "attributes": {}, "eventSource": "aws:sqs"} for n in range(3)]
event = {"Records": records}

def handle(record):
    if record.body == "1":
        raise ValueError("one")

async def handle_async(record):
    handle(record)

sync = process_partial_response(event, handle, BatchProcessor(EventType.SQS), None)
loaded_by_sync = "asyncio" in sys.modules
asynchronous = async_process_partial_response(event, handle_async, AsyncBatchProcessor(EventType.SQS), None)

from pydantic import BaseModel  # a model of one's own still validates each record (TYPE_ONLY_BRANCHES)

class Record(BaseModel):
    messageId: str
    body: str

modelled = process_partial_response(event, handle, BatchProcessor(EventType.SQS, model=Record), None)
assert "aws_lambda_powertools.utilities.parser" not in sys.modules
print(json.dumps([sync, asynchronous, modelled, loaded_by_sync]))
"""


def test_given_the_build_then_the_batch_processors_work_and_only_the_async_one_loads_asyncio(artifact: Path) -> None:
    result = run_in_built(artifact, artifact / "orders_consumer", BATCH_PROCESSORS)

    assert result.returncode == 0, result.stderr[-2000:]
    sync, asynchronous, modelled, loaded_by_sync = json.loads(result.stdout)
    assert sync == asynchronous == modelled == {"batchItemFailures": [{"itemIdentifier": "1"}]}
    assert not loaded_by_sync
    deferred = artifact / "SharedLayer/python/aws_lambda_powertools/utilities/batch/base.py"
    assert "\nimport asyncio\n" not in deferred.read_text()


def test_given_a_module_that_uses_the_import_outside_the_named_functions_then_the_build_refuses_to_defer_it() -> None:
    source = "import asyncio\n\ndef run():\n    return asyncio.run\n\nLOOP = asyncio.new_event_loop\n"

    with pytest.raises(SystemExit, match="line 6 uses asyncio outside"):
        build_lambda.defer_import(source, "asyncio", ("run",))
    deferred = build_lambda.defer_import(source.replace("LOOP = asyncio.new_event_loop\n", ""), "asyncio", ("run",))
    assert (
        deferred
        == "\ndef run():\n    import asyncio  # deferred by scripts/build_lambda.py\n    return asyncio.run\n\n"
    )


def test_given_a_gate_that_does_more_than_alias_types_then_the_build_refuses_to_set_it_false() -> None:
    gated = 'import sys\nhas_pydantic = "pydantic" in sys.modules\nif has_pydantic:\n    from m import T\n    A = T\n'
    condition = 'has_pydantic = "pydantic" in sys.modules'

    assert "has_pydantic = False" in build_lambda.typed_aliases(gated + "else:\n    A = 'A'\n", condition)
    with pytest.raises(SystemExit, match="else leaves \\['A'\\] undefined"):
        build_lambda.typed_aliases(gated, condition)
    with pytest.raises(SystemExit, match="read outside"):
        build_lambda.typed_aliases(gated + "else:\n    A = 'A'\nUSE = has_pydantic\n", condition)
    with pytest.raises(SystemExit, match="does more than import and alias"):
        build_lambda.typed_aliases(gated + "    register()\nelse:\n    A = 'A'\n", condition)

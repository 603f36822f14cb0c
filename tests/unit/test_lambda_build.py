"""What `sam build` ships (scripts/build_lambda.py): nothing the python3.13 runtime provides, bytecode for every
module, nothing that never runs, and handlers that import from the artifact with only the runtime's packages beside
it. The artifact is built once for this machine's architecture and reused while its inputs are unchanged."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import botocore.session
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from devtools.infra import TEMPLATE_PATH
from runa.core import aws
from runa_ops.template import environment_of, load_template, resources_of_type
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


def _built_functions(artifact: Path) -> list[Path]:
    """Every function's folder in the artifact, in name order."""
    return sorted(p for p in artifact.iterdir() if (p / "app.py").exists())


def _packages(folder: Path) -> set[str]:
    return {canonicalize_name(re.split(r"-\d", p.name)[0]) for p in folder.iterdir()}


def test_given_the_build_then_nothing_the_runtime_provides_ships(artifact: Path) -> None:
    provided = set(build_lambda.runtime_provided()) | {"dateutil"}
    shipped = _packages(artifact / "SharedLayer" / "python")
    for function in _built_functions(artifact):
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
    functions = _built_functions(artifact)
    sources = list(layer.rglob("*.py")) + [source for function in functions for source in function.rglob("*.py")]

    assert len(sources) > 500
    assert all(function / "app.py" in sources for function in functions)
    for source in sources:
        compiled = source.parent / "__pycache__" / f"{source.stem}.cpython-313.pyc"
        flags = int.from_bytes(compiled.read_bytes()[4:8], "little")
        assert flags == 0b01, f"{compiled}: hash-based bytecode that is never re-checked against its source"
    assert not [p for p in layer.rglob("*") if p.suffix in (".pyi", ".c") or p.name in ("tests", "RECORD")]


def _import_built(artifact: Path, function: Path, code: str) -> subprocess.CompletedProcess[str]:
    """`code` run in a fresh interpreter with exactly function : layer : runtime on its path, as in Lambda."""
    template = load_template(TEMPLATE_PATH)
    physical = {logical: f"test-{logical}" for logical in template["Resources"]}
    folders = {
        spec["Properties"]["CodeUri"].strip("/").split("/")[-1]: logical
        for logical, spec in resources_of_type(template, "AWS::Serverless::Function").items()
    }
    env = {
        **environment_of(template, folders[function.name], physical),
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.pathsep.join(map(str, [function, artifact / "SharedLayer" / "python", artifact / "runtime"])),
        "PYTHONDONTWRITEBYTECODE": "1",
        "AWS_REGION": "eu-west-1",
        "AWS_DEFAULT_REGION": "eu-west-1",
        # As Lambda sets them: the init makes clients (runa.core.aws.prepare), which look credentials up.
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "LAMBDA_TASK_ROOT": str(function),
        "POWERTOOLS_TRACE_DISABLED": "true",
    }
    return subprocess.run(
        [sys.executable, "-S", "-c", code], cwd=function, env=env, capture_output=True, text=True, check=False
    )


def test_given_the_build_then_every_function_imports_with_only_the_runtime_beside_it(artifact: Path) -> None:
    layer = artifact / "SharedLayer" / "python"
    runtime = artifact / "runtime"
    functions = _built_functions(artifact)

    assert len(functions) >= 11
    for function in functions:
        result = _import_built(
            artifact, function, "import app, botocore, pydantic; print(botocore.__file__); print(pydantic.__file__)"
        )
        assert result.returncode == 0, f"{function.name}: {result.stderr[-2000:]}"
        botocore_file, pydantic_file = result.stdout.split()
        assert botocore_file.startswith(str(runtime))
        assert pydantic_file.startswith(str(layer))


# What a function does not run at once, its cold start does not import: an agent engine loads with the first request
# that needs it, and each function loads only its own wiring (runa/<domain>/services/<resource group>.py).
NOT_AT_COLD_START = {
    "agent_chat": {"runa.agent.logic.offline", "runa.agent.logic.converse", "runa.agent.data.bedrock"},
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
    # Finishing an order reads its products: not the placing stores and rules, nor the /v2 order schemas.
    "orders_consumer": {
        "runa.payouts.services.orders",
        "runa.payouts.data.placement",
        "runa.payouts.logic.placing",
        "runa.payouts.logic.pricing",
        "runa.payouts.models.orders",
    },
    "webhooks_consumer": {"runa.payouts.services.orders", "runa.payouts.models.orders", "runa.payouts.models.products"},
    # The relay makes queue messages and webhook payloads (models.order_summary), never an order.
    "outbox_relay": {
        "runa.payouts.logic.placing",
        "runa.payouts.logic.views",
        "runa.payouts.models.orders",
        "runa.payouts.models.products",
    },
    # The sweeper fails orders past their deadline (logic.settlement): not the consumer's product checks.
    "sweeper": {
        "runa.payouts.services.orders",
        "runa.payouts.logic.completion",
        "runa.payouts.logic.pricing",
        "runa.payouts.models.orders",
        "runa.payouts.models.products",
    },
    "payouts_products": {"runa.payouts.services.orders", "runa.payouts.services.webhooks"},
    "portal": {"runa.payouts", "runa.agent"},
}
# No function loads the boto3 package: the layer talks to AWS through botocore (runa.core.aws, runa.core.dynamodb),
# and boto3's __init__ alone costs about 7% of the cold-start floor.
FUNCTIONS_NEVER = {"boto3"}
# Nor does an HTTP function load what only other event sources use: Powertools' other resolvers and its thirty-odd
# event classes (the build makes their package inits lazy), or asyncio (wrapt 1.17; the queue and stream consumers
# still load it, with Powertools' batch processor).
HTTP_FUNCTIONS_NEVER = {
    "asyncio",
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
    functions = [function.name for function in _built_functions(artifact)]
    http_functions = _request_functions() & set(functions)
    assert len(http_functions) >= 10
    for folder in functions:
        absent = NOT_AT_COLD_START.get(folder, set()) | FUNCTIONS_NEVER
        absent |= HTTP_FUNCTIONS_NEVER if folder in http_functions else set()
        result = _import_built(artifact, artifact / folder, code)
        assert result.returncode == 0, f"{folder}: {result.stderr[-2000:]}"

        loaded = set(json.loads(result.stdout))
        assert not absent & loaded, f"{folder} loads {sorted(absent & loaded)} at cold start"


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

        built = _import_built(artifact, artifact / "agent_tools", _exports(package))

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
    # Or, for S3, deliberately not: its client reads botocore's own data (runa.core.aws._STOCK_DATA_SERVICES).
    assert called and called <= shipped | aws._STOCK_DATA_SERVICES, sorted(called - shipped)
    assert not shipped & aws._STOCK_DATA_SERVICES


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


# Where each client sends a request, by the layer's Session (its own botocore data) and by a stock one, in
# partitions and modes that resolve differently; the request is stopped before it is signed.
ENDPOINTS = """
import json, os
import botocore.session
from runa.core import aws

class Stop(Exception):
    pass

def url_of(session, service, region):
    client = session.create_client(service, region_name=region)
    seen = []
    def capture(request, **_):
        seen.append(request.url)
        raise Stop
    client.meta.events.register("before-sign.*.*", capture)
    call = {
        "dynamodb": lambda: client.get_item(TableName="t", Key={"pk": {"S": "k"}}),
        "sqs": lambda: client.list_queues(),
        "kms": lambda: client.list_keys(),
        "bedrock-runtime": lambda: client.converse(
            modelId="m", messages=[{"role": "user", "content": [{"text": "x"}]}]
        ),
    }[service]
    try:
        call()
    except Stop:
        return seen[0]

found = {}
for fips in ("false", "true"):
    os.environ["AWS_USE_FIPS_ENDPOINT"] = fips
    lean, stock = aws.session(), botocore.session.Session()
    for service in json.loads(os.environ["SERVICES"]):
        for region in ("eu-west-1", "us-east-1", "us-gov-west-1", "cn-north-1"):
            if fips == "true" and region.startswith("cn-"):
                continue  # no FIPS endpoints in China
            found[f"{service} {region} fips={fips}"] = [url_of(lean, service, region), url_of(stock, service, region)]
    aws.reset_clients()
print(json.dumps({"data": str(aws._DATA), "lean": aws._DATA.is_dir(), "urls": found}))
"""


def test_given_the_builds_botocore_data_then_every_client_sends_where_stock_botocore_sends(artifact: Path) -> None:
    code = f"import os; os.environ['SERVICES'] = {json.dumps(json.dumps(build_lambda.BOTOCORE_SERVICES))}\n{ENDPOINTS}"
    result = _import_built(artifact, artifact / "authorizer", code)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)

    assert report["lean"] and report["data"].startswith(str(artifact))  # the layer's data is what the Session reads
    assert len(report["urls"]) == len(build_lambda.BOTOCORE_SERVICES) * 7
    differ = {case: urls for case, urls in report["urls"].items() if urls[0] != urls[1]}
    assert not differ, differ

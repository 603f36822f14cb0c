"""Build what ships to Lambda: the shared layer, or a function (with its own requirements.txt, if it has one).

`sam build` runs this through the `BuildMethod: makefile` targets (layers/shared/Makefile for the layer,
functions/Makefile for every function); the cold-start benchmark and tests/unit/test_lambda_build.py run the same
recipe for the host's architecture so they can import the artifact. Standard library only: it runs under whatever
python3.13 `sam build` finds on PATH.

The recipe:
1. pip installs the requirements for the target architecture (manylinux wheels only, no bytecode yet);
2. removes what the python3.13 runtime provides (layers/shared/runtime-provided.txt), which pip installs as
   dependencies (aws-xray-sdk pulls botocore): a shipped copy would shadow the runtime's own;
3. copies our code (the `runa` package, or the function's folder: its modules and the files it serves);
4. strips what never runs: tests, type stubs, console scripts, pip's install records, and (layer) the subpackages
   of its dependencies that nothing shipped imports (UNREACHABLE: pydantic.v1, Powertools utilities we never use);
5. makes the package inits that only re-export (Powertools' event_handler and data_classes) load each submodule on
   first use (PEP 562), so a REST function no longer imports the AppSync, Bedrock and VPC Lattice resolvers, asyncio
   and some thirty event classes at every cold start; and moves an import that one code path alone uses into that
   path (DEFERRED_IMPORTS: asyncio, in Powertools' batch processor, for its async variant), and keeps the batch
   processor from importing its parser's models only to spell a type alias (TYPE_ONLY_BRANCHES);
6. writes botocore's data for the services the layer calls (runa/_botocore_data: BOTOCORE_SERVICES' models and
   endpoint rules, documentation left out, DynamoDB's model with only the operations we make (BOTOCORE_OPERATIONS),
   and the endpoints, partitions and defaults files with only those services),
   taken from the runtime's oldest botocore (runtime-provided.txt), which runa.core.aws gives its Session as its only
   data path: a client then costs about 55 M instructions instead of about 260 M, because botocore no longer lists
   its 400-odd service folders (twice) nor parses the 1.2 MB endpoints.json of every service;
7. compiles the methods `@dataclass` writes for each class the functions define (runa/dataclass_sources.json, the
   texts `make dataclass-sources` recorded) into runa/_dataclass_code.marshal, which runa.boot hands dataclasses
   instead of compiling the same texts at every cold start (about 110 M instructions); keeps of each distribution's
   METADATA only its headers (what importlib.metadata reads), not the long description (pydantic's is 110 kB);
8. compiles every module with unchecked-hash invalidation: /opt and /var/task are read-only in Lambda, so a module
   without a .pyc is compiled again on every cold start, and the zip's timestamps would defeat timestamp checks.

    python3.13 scripts/build_lambda.py layer --out DIR [--arch arm64|x86_64|host]
    python3.13 scripts/build_lambda.py function --function IndexingConsumerFunction --out DIR [--arch ...]
    python3.13 scripts/build_lambda.py function --source DIR --out DIR [--arch ...]
    .venv/bin/python scripts/build_lambda.py host [--out .aws-sam/host]

A function's folder follows from its logical id in template.yaml: IndexingConsumerFunction is
functions/indexing_consumer (tests/unit/test_lambda_build.py holds every function to it).

`host` builds, for this machine's architecture, the layer, every function, and `runtime/`: the packages
the Lambda runtime provides, copied from the running interpreter, standing in for the runtime's site-packages.
It is reused while its inputs are unchanged (a hash of them is kept in the output folder).
"""

from __future__ import annotations

import argparse
import ast
import compileall
import fcntl
import gzip
import hashlib
import importlib.util
import json
import marshal
import platform
import py_compile
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LAYER_SOURCE = ROOT / "layers" / "shared"
FUNCTIONS = ROOT / "functions"
RUNTIME_PROVIDED = LAYER_SOURCE / "runtime-provided.txt"
PYTHON_VERSION = (3, 13)
PLATFORMS = {"arm64": "manylinux2014_aarch64", "x86_64": "manylinux2014_x86_64"}
# Directories and files that no import ever reads: test suites and benchmarks, type stubs, C sources of compiled
# extensions, pip's install records and SBOMs, and the Swagger UI assets Powertools serves only from
# enable_swagger(), which no function calls. Licences and METADATA stay.
STRIP_DIRS = {"tests", "test", "benchmarks", "__pycache__", "sboms"}
STRIP_SUFFIXES = (".pyi", ".c", ".h", ".pyx")
STRIP_NAMES = {"py.typed", "swagger-ui-bundle.min.js", "swagger-ui.min.css"}
STRIP_DIST_INFO = {"RECORD", "INSTALLER", "REQUESTED", "WHEEL", "direct_url.json"}
DATACLASS_SOURCES = "dataclass_sources.json"  # in runa/: recorded by devtools/dataclass_sources.py, not shipped
DATACLASS_CODE = ("runa", "_dataclass_code.marshal")  # in the layer; runa.boot looks for it there
# Every service runa.core.aws makes a client for (tests/unit/test_lambda_build.py holds the layer's code to it), and
# botocore's own files a client reads besides a service's model and endpoint rules.
BOTOCORE_SERVICES = ("dynamodb", "sqs", "kms", "bedrock-runtime")
BOTOCORE_SHARED = ("partitions.json", "sdk-default-configuration.json", "_retry.json")
BOTOCORE_DATA = ("runa", "_botocore_data")  # in the layer; runa.core.aws looks for it there
# A service whose model ships with only the operations the layer makes: DynamoDB (57 operations, of which we make
# these, all through runa.core.dynamodb; tests/unit/test_lambda_build.py holds that module to this list). A client of
# the smaller model costs about 17 M instructions less; an operation left out raises AttributeError, and IAM would
# refuse it anyway (each function may make only the DynamoDB calls its code makes: test_template_operations).
BOTOCORE_OPERATIONS = {
    "dynamodb": (
        "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
        "BatchGetItem", "BatchWriteItem", "TransactWriteItems",
    ),
}  # fmt: skip
# Subpackages of the layer's dependencies that nothing shipped imports, each with why; strip_unreachable deletes them
# and stops if one is no longer there (an upgrade moved it: look again rather than ship it silently).
# tests/unit/test_lambda_build.py proves each unreachable on the built artifact: no import statement of the shipped
# code (other than one guarded by `except ImportError` or TYPE_CHECKING) names them, and every function, every lazy
# package export and every module loaded along the way imports without them.
_UTILITIES = "aws_lambda_powertools/utilities"
UNREACHABLE = {
    "pydantic/v1": "pydantic 1: reached only via __get_validators__ (none ships) or pydantic.utils' removed names",
    "pydantic/mypy.py": "pydantic's mypy plugin: a type checker's, it imports mypy, which does not ship",
    "pydantic/experimental": "pydantic's experimental pipeline and arguments schema: nothing imports them",
    f"{_UTILITIES}/idempotency": "Powertools' idempotency: none of our code uses it",
    f"{_UTILITIES}/parameters": "Powertools' SSM/Secrets/AppConfig parameters: only feature_flags uses it",
    f"{_UTILITIES}/feature_flags": "Powertools' AppConfig feature flags: none used",
    f"{_UTILITIES}/data_masking": "Powertools' data masking (KMS encryption SDK): none used",
    f"{_UTILITIES}/streaming": "Powertools' S3 streaming: none used",
    f"{_UTILITIES}/kafka": "Powertools' Kafka consumer (Avro/Protobuf): no Kafka event source",
    f"{_UTILITIES}/circuit_breaker": "Powertools' circuit breaker: none used",
    f"{_UTILITIES}/auth_alpha": "Powertools' alpha JWT/OAuth helpers: none of our code uses them",
    f"{_UTILITIES}/metadata": "Powertools' Lambda metadata endpoint client: none used",
    f"{_UTILITIES}/validation": "Powertools' fastjsonschema validator: fastjsonschema does not ship",
    "aws_lambda_powertools/event_handler/middlewares/schema_validation.py": "the middleware over that validator",
}  # fmt: skip
# Package inits that do nothing but re-export their submodules' names; the build makes them lazy (lazy_init).
LAZY_INITS = ("aws_lambda_powertools.event_handler", "aws_lambda_powertools.utilities.data_classes")
# Modules that import a module at the top for one code path only: the build moves that import into the functions that
# use it (defer_import), so a caller that never takes that path never loads it.
DEFERRED_IMPORTS = {
    # asyncio serves AsyncBatchProcessor's async_process alone: the queue and stream consumers' synchronous
    # BatchProcessor no longer loads asyncio (about 40 M instructions) at every cold start.
    "aws_lambda_powertools.utilities.batch.base": ("asyncio", ("async_process",)),
}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_provided() -> list[str]:
    """Distribution names (canonical) that the Lambda runtime provides."""
    lines = (line.split("#", 1)[0].strip() for line in RUNTIME_PROVIDED.read_text().splitlines())
    return [canonical(re.split(r"[=<>!~ ]", line, maxsplit=1)[0]) for line in lines if line]


def runtime_version(distribution: str) -> str:
    """The pinned version of a runtime-provided distribution (runtime-provided.txt): the oldest Lambda may have."""
    for line in RUNTIME_PROVIDED.read_text().splitlines():
        found = re.fullmatch(rf"\s*{re.escape(distribution)}==([\w.]+)\s*", line.split("#", 1)[0])
        if found:
            return found.group(1)
    raise SystemExit(f"{RUNTIME_PROVIDED} pins no version of {distribution}")


def host_arch() -> str:
    return "arm64" if platform.machine().lower() in ("aarch64", "arm64") else "x86_64"


def pip_install(requirements: Path, target: Path, arch: str) -> None:
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--root-user-action=ignore",
        "--no-warn-conflicts",
        "--no-compile",
        "--target",
        str(target),
        "--platform",
        PLATFORMS[arch],
        "--implementation",
        "cp",
        "--python-version",
        ".".join(map(str, PYTHON_VERSION)),
        "--only-binary=:all:",
        "--upgrade",
        "-r",
        str(requirements),
    ]
    subprocess.run(command, check=True)


def _dist_infos(target: Path) -> dict[str, Path]:
    found = {}
    for info in target.glob("*.dist-info"):
        name = info.name[: -len(".dist-info")].rsplit("-", 1)[0]
        found[canonical(name)] = info
    return found


def remove_runtime_provided(target: Path) -> list[str]:
    """Delete every file the runtime-provided distributions installed (their RECORD lists them)."""
    removed = []
    infos = _dist_infos(target)
    for name in runtime_provided():
        info = infos.get(name)
        if info is None:
            continue
        for line in (info / "RECORD").read_text().splitlines():
            relative = line.rsplit(",", 2)[0]
            path = (target / relative).resolve()
            if path.is_relative_to(target.resolve()) and path.is_file():
                path.unlink()
        shutil.rmtree(info, ignore_errors=True)
        removed.append(name)
    _prune_empty_dirs(target)
    return removed


def _prune_empty_dirs(target: Path) -> None:
    for directory in sorted((p for p in target.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()


def strip(target: Path) -> None:
    shutil.rmtree(target / "bin", ignore_errors=True)  # console scripts of the dependencies
    for path in sorted(target.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and path.name in STRIP_DIRS:
            shutil.rmtree(path)
        elif path.is_file() and (
            path.name in STRIP_NAMES
            or path.suffix in STRIP_SUFFIXES
            or (path.parent.name.endswith(".dist-info") and path.name in STRIP_DIST_INFO)
        ):
            path.unlink()
        elif path.is_file() and path.name == "METADATA" and path.parent.name.endswith(".dist-info"):
            path.write_text(metadata_headers(path.read_text()))
    _prune_empty_dirs(target)


def metadata_headers(metadata: str) -> str:
    """A METADATA file without its description: the email-style headers end at the first blank line (the spec's
    body is the description, which nothing at run time reads)."""
    headers, _, _description = metadata.partition("\n\n")
    return headers + "\n"


def dataclass_code(sources: Path, out: Path) -> int:
    """Compile each recorded dataclass text as dataclasses does (exec of a string: filename "<string>", no future
    flags inherited) into one file runa.boot reads; returns how many. Keys and header as runa.boot computes them."""
    table = {
        hashlib.blake2b(text.encode(), digest_size=16).digest(): marshal.dumps(
            compile(text, "<string>", "exec", dont_inherit=True, optimize=0)
        )
        for text in json.loads(sources.read_text())
    }
    out.write_bytes(zlib.compress(marshal.dumps(((importlib.util.MAGIC_NUMBER, 0), table)), 9))
    return len(table)


def strip_unreachable(target: Path, unreachable: dict[str, str] = UNREACHABLE) -> None:
    """Delete the subpackages and modules nothing shipped imports (UNREACHABLE); stop if one is not there."""
    missing = [relative for relative in unreachable if not (target / relative).exists()]
    if missing:
        raise SystemExit(f"UNREACHABLE names paths the build no longer has (an upgrade moved them?): {missing}")
    for relative in unreachable:
        path = target / relative
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()  # before compile_bytecode: no .pyc of it exists yet


def lazy_init(source: str, package: str) -> str:
    """The same package init, importing a submodule only when one of its names is first read (PEP 562 __getattr__).

    Only an init made of a docstring, `from <the package's own submodule> import ...` and `__all__` qualifies: any
    other statement might be a side effect someone relies on, so the build stops instead of guessing."""
    names: dict[str, tuple[str, str]] = {}
    exported: list[str] | None = None
    for node in ast.parse(source).body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            continue
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if node.level == 0 and not module.startswith(f"{package}."):
                raise SystemExit(f"{package}/__init__.py imports from outside the package ({module}): not made lazy")
            for alias in node.names:
                names[alias.asname or alias.name] = (module.removeprefix(package), alias.name)
        elif isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["__all__"]:
            exported = list(ast.literal_eval(node.value))
        else:
            raise SystemExit(f"{package}/__init__.py line {node.lineno} does more than re-export: not made lazy")
    return "\n".join(
        [
            f'"""{package}, made lazy by scripts/build_lambda.py: a submodule loads when one of its names is read."""',
            "import importlib",
            "",
            f"_SOURCES = {names!r}",
            f"__all__ = {exported if exported is not None else list(names)!r}",
            "",
            "",
            "def __getattr__(name):",
            "    try:",
            "        module, attribute = _SOURCES[name]",
            "    except KeyError:",
            "        raise AttributeError(f'module {__name__!r} has no attribute {name!r}') from None",
            "    value = globals()[name] = getattr(importlib.import_module(module, __name__), attribute)",
            "    return value",
            "",
            "",
            "def __dir__():",
            "    return sorted(set(globals()) | set(_SOURCES))",
            "",
        ]
    )


def defer_import(source: str, name: str, functions: tuple[str, ...]) -> str:
    """The same module with its top-level `import <name>` moved into the first line of each of `functions`.

    Only a module whose every other mention of the name (uses, annotations, strings naming it, rebinding) lies inside
    those functions qualifies; the build stops otherwise rather than leave a use without its import."""
    tree = ast.parse(source)
    top = [
        node
        for node in tree.body
        if isinstance(node, ast.Import) and [(a.name, a.asname) for a in node.names] == [(name, None)]
    ]
    if len(top) != 1 or top[0].end_lineno != top[0].lineno:
        raise SystemExit(f"no single top-level `import {name}` line to defer")
    found = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name in functions]
    if sorted(n.name for n in found) != sorted(functions):
        raise SystemExit(f"`import {name}` is deferred into {functions}, found {[n.name for n in found]}")
    inside = {id(node) for function in found for node in ast.walk(function)}
    for node in ast.walk(tree):
        if id(node) in inside or node is top[0]:
            continue
        mentions = (
            (isinstance(node, ast.Name) and node.id == name)
            or (isinstance(node, ast.arg) and node.arg == name)
            or (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name == name)
            or (isinstance(node, ast.Import | ast.ImportFrom) and any((a.asname or a.name) == name for a in node.names))
            or (isinstance(node, ast.Global | ast.Nonlocal) and name in node.names)
            or (isinstance(node, ast.Constant) and isinstance(node.value, str) and f"{name}." in node.value)
        )
        if mentions:
            raise SystemExit(f"line {getattr(node, 'lineno', '?')} uses {name} outside {functions}: not deferred")
    lines = source.splitlines(keepends=True)
    for function in sorted(found, key=lambda n: n.lineno, reverse=True):
        first = function.body[0]
        has_docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
        at = first.end_lineno if has_docstring and first.end_lineno else first.lineno - 1
        lines.insert(at, f"{' ' * first.col_offset}import {name}  # deferred by scripts/build_lambda.py\n")
    del lines[top[0].lineno - 1]
    deferred = "".join(lines)
    ast.parse(deferred)
    return deferred


# Powertools' batch/types.py imports its parser's pydantic models of every event source (about 120 M instructions) when
# pydantic happens to be loaded before it, only to spell the annotation aliases BatchTypeModels and BatchSqsTypeModel;
# its other branch spells them as strings, as it does whenever batch loads first. A model passed to a processor is
# validated with the model's own model_validate either way. The build takes that branch always (typed_aliases).
TYPE_ONLY_BRANCHES = {"aws_lambda_powertools.utilities.batch.types": 'has_pydantic = "pydantic" in sys.modules'}


def typed_aliases(source: str, condition: str) -> str:
    """The module with `condition` (an assignment whose name only gates an `if` of imports and aliases) set False.

    It qualifies only if the name is read solely by `if <name>:` statements whose body holds only imports and
    assignments and whose `else` assigns every name the body assigns; the build stops otherwise."""
    tree = ast.parse(source)
    assignment = ast.parse(condition).body[0]
    if not isinstance(assignment, ast.Assign) or not isinstance(assignment.targets[0], ast.Name):
        raise SystemExit(f"{condition!r} is not an assignment to a name")
    name = assignment.targets[0].id
    found = [node for node in tree.body if ast.dump(node) == ast.dump(assignment)]
    if len(found) != 1 or source.count(condition) != 1:
        raise SystemExit(f"no single `{condition}` line")
    gates = [node for node in tree.body if isinstance(node, ast.If) and getattr(node.test, "id", None) == name]
    reads = [node for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id == name]
    if not gates or len(reads) != len(gates) + 1:  # the assignment's target and each gate's test
        raise SystemExit(f"{name} is read outside `if {name}:`")
    for gate in gates:
        if not all(isinstance(node, ast.Import | ast.ImportFrom | ast.Assign) for node in gate.body):
            raise SystemExit(f"line {gate.lineno}: `if {name}:` does more than import and alias")
        assigned = {ast.unparse(t) for node in gate.body if isinstance(node, ast.Assign) for t in node.targets}
        otherwise = {ast.unparse(t) for node in gate.orelse if isinstance(node, ast.Assign) for t in node.targets}
        if not assigned <= otherwise:
            raise SystemExit(f"line {gate.lineno}: its else leaves {sorted(assigned - otherwise)} undefined")
    return source.replace(condition, f"{name} = False  # set by scripts/build_lambda.py (TYPE_ONLY_BRANCHES)")


def defer_imports(target: Path) -> None:
    for module, condition in TYPE_ONLY_BRANCHES.items():
        _rewrite(target, module, partial(typed_aliases, condition=condition))
    for module, (name, functions) in DEFERRED_IMPORTS.items():
        _rewrite(target, module, partial(defer_import, name=name, functions=functions))


def make_inits_lazy(target: Path) -> None:
    for package in LAZY_INITS:
        _rewrite(target, f"{package}.__init__", partial(lazy_init, package=package))


def _rewrite(target: Path, module: str, rewrite: Callable[[str], str]) -> None:
    """The module's file under `target`, rewritten; a refusal names the module."""
    path = target.joinpath(*module.split(".")).with_suffix(".py")
    try:
        path.write_text(rewrite(path.read_text()))
    except SystemExit as refused:
        raise SystemExit(f"{module}: {refused}") from None


def _without_documentation(node: Any) -> Any:
    """A service model without its documentation strings (botocore reads them only to write docstrings)."""
    if isinstance(node, dict):
        return {
            key: _without_documentation(value)
            for key, value in node.items()
            if not (key in ("documentation", "documentationUrl") and isinstance(value, str))
        }
    if isinstance(node, list):
        return [_without_documentation(value) for value in node]
    return node


def _only_operations(model: dict[str, Any], operations: tuple[str, ...]) -> dict[str, Any]:
    """The model with only these operations and the shapes they reach (input, output, errors, transitively)."""
    missing = set(operations) - set(model["operations"])
    if missing:
        raise SystemExit(f"the model has no operation {sorted(missing)}")
    shapes: dict[str, Any] = model["shapes"]
    reached: set[str] = set()
    todo = [
        reference["shape"]
        for name in operations
        for reference in [model["operations"][name].get(kind) for kind in ("input", "output")]
        + model["operations"][name].get("errors", [])
        if reference
    ]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        shape = shapes[name]
        todo += [shape[kind]["shape"] for kind in ("member", "key", "value") if kind in shape]
        todo += [member["shape"] for member in shape.get("members", {}).values()]
    return {
        **model,
        "operations": {name: model["operations"][name] for name in operations},
        "shapes": {name: shape for name, shape in shapes.items() if name in reached},
    }


def lean_botocore_data(wheel: Path, out: Path, services: tuple[str, ...] = BOTOCORE_SERVICES) -> None:
    """botocore's data for `services` only, from a botocore wheel: each one's newest model (without documentation)
    and endpoint rules, endpoints.json with only their entries (every partition kept), and the shared files as they
    are. Data of an older botocore is what newer ones read too (their loaders take customer-provided models)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()

        def read(name: str) -> Any:
            data = archive.read(name)
            return json.loads(gzip.decompress(data) if name.endswith(".gz") else data)

        def write(relative: str, value: Any) -> None:
            path = out / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value, separators=(",", ":")))

        for name in BOTOCORE_SHARED:
            (out / name).write_bytes(archive.read(f"botocore/data/{name}"))
        endpoints = read("botocore/data/endpoints.json")
        for partition in endpoints["partitions"]:
            partition["services"] = {k: v for k, v in partition["services"].items() if k in services}
        write("endpoints.json", endpoints)
        for service in services:
            prefix = f"botocore/data/{service}/"
            models = [n[len(prefix) :] for n in names if n.startswith(prefix) and "/service-2." in n]
            versions = sorted(model.split("/")[0] for model in models)
            if not versions:
                raise SystemExit(f"{wheel.name} has no model of {service}")
            for kind in ("service-2", "endpoint-rule-set-1"):
                source = next(n for n in names if n.startswith(f"{prefix}{versions[-1]}/{kind}.json"))
                model = read(source)
                lean = _without_documentation(model) if kind == "service-2" else model
                if kind == "service-2" and service in BOTOCORE_OPERATIONS:
                    lean = _only_operations(lean, BOTOCORE_OPERATIONS[service])
                write(f"{service}/{versions[-1]}/{kind}.json", lean)


def botocore_wheel(folder: Path) -> Path:
    """The wheel of the runtime's oldest botocore (pip keeps it in its cache; the build then works offline)."""
    version = runtime_version("botocore")
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
               "--only-binary=:all:", "--dest", str(folder), f"botocore=={version}"]  # fmt: skip
    subprocess.run(command, check=True)
    return next(folder.glob(f"botocore-{version}-*.whl"))


def compile_bytecode(target: Path) -> None:
    if sys.version_info[:2] != PYTHON_VERSION:
        raise SystemExit(f"bytecode must be compiled by Python {PYTHON_VERSION}, not {sys.version.split()[0]}")
    ok = compileall.compile_dir(
        target,
        quiet=1,
        workers=0,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    if not ok:
        raise SystemExit(f"compileall failed under {target}")


def size_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build_layer(out: Path, arch: str) -> Path:
    """The layer's content: out/python/ (Lambda puts /opt/python on sys.path)."""
    target = out / "python"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    pip_install(LAYER_SOURCE / "requirements.txt", target, arch)
    remove_runtime_provided(target)
    shutil.copytree(
        LAYER_SOURCE / "runa", target / "runa", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", DATACLASS_SOURCES)
    )
    strip(target)
    strip_unreachable(target)
    make_inits_lazy(target)
    defer_imports(target)
    with tempfile.TemporaryDirectory() as folder:
        lean_botocore_data(botocore_wheel(Path(folder)), target.joinpath(*BOTOCORE_DATA))
    dataclass_code(LAYER_SOURCE / "runa" / DATACLASS_SOURCES, target.joinpath(*DATACLASS_CODE))
    compile_bytecode(target)
    return target


def function_folder(logical_id: str) -> Path:
    """AgentChatFunction -> functions/agent_chat."""
    words = re.findall(r"[A-Z][a-z0-9]*", logical_id.removesuffix("Function"))
    return FUNCTIONS / "_".join(word.lower() for word in words)


def build_function(source: Path, out: Path, arch: str, *, recipe: bool = True) -> Path:
    """A function's content at the root of the zip (/var/task): its folder (modules and the files it serves, links
    followed) and its own requirements.txt installed beside them.

    recipe=False packages it as SAM's default python builder does (pip's files as they are, no bytecode): the
    benchmark's yardstick for a function built without this recipe."""
    out.mkdir(parents=True, exist_ok=True)
    requirements = source / "requirements.txt"
    if requirements.exists():
        pip_install(requirements, out, arch)
        if recipe:
            remove_runtime_provided(out)
    build_only = shutil.ignore_patterns("__pycache__", "*.pyc", "Makefile", "requirements.txt")
    shutil.copytree(source, out, ignore=build_only, dirs_exist_ok=True)
    if recipe:
        strip(out)
        compile_bytecode(out)
    return out


HOST_OUT = ROOT / ".aws-sam" / "host"
# Top-level modules of the runtime-provided distributions (python-dateutil is `dateutil`).
RUNTIME_MODULES = {"python-dateutil": "dateutil"}


def _inputs_digest() -> str:
    digest = hashlib.sha256(sys.version.encode())
    sources = [Path(__file__), RUNTIME_PROVIDED, LAYER_SOURCE / "requirements.txt"]
    sources += sorted(p for p in (LAYER_SOURCE / "runa").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    sources += sorted(p for p in FUNCTIONS.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in sources:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def copy_runtime(out: Path) -> None:
    """What the Lambda runtime provides, from the running interpreter (it must have boto3 installed)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name in runtime_provided():
        spec = importlib.util.find_spec(RUNTIME_MODULES.get(name, name.replace("-", "_")))
        if spec is None or spec.origin is None:
            raise SystemExit(f"{name} is not installed in {sys.executable}; it stands in for the Lambda runtime's")
        origin = Path(spec.origin)
        if origin.name == "__init__.py":
            shutil.copytree(origin.parent, out / origin.parent.name)
        else:
            shutil.copy2(origin, out / origin.name)


def build_host(out: Path = HOST_OUT) -> Path:
    """The layer, every function and a stand-in runtime for this machine; reused while the inputs are unchanged.

    Test workers and the benchmark may ask at the same time: one builds, under a lock, into a fresh folder that
    replaces `out` only when complete, so nobody imports from a half-written artifact."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = out / "inputs.sha256"
        digest = _inputs_digest()
        if stamp.exists() and stamp.read_text() == digest:
            return out
        fresh = out.with_name(f"{out.name}.building")
        shutil.rmtree(fresh, ignore_errors=True)
        arch = host_arch()
        build_layer(fresh / "SharedLayer", arch)
        for source in sorted(p for p in FUNCTIONS.iterdir() if (p / "app.py").exists()):
            build_function(source, fresh / source.name, arch)
        copy_runtime(fresh / "runtime")
        (fresh / "inputs.sha256").write_text(digest)
        shutil.rmtree(out, ignore_errors=True)
        fresh.rename(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["layer", "function", "host"])
    parser.add_argument("--out", type=Path, help="the artifact directory (sam: $ARTIFACTS_DIR)")
    parser.add_argument("--function", help="function: its logical id in template.yaml (its folder follows)")
    parser.add_argument("--source", type=Path, help="function: its folder, for one not in template.yaml")
    parser.add_argument("--arch", default="arm64", choices=[*PLATFORMS, "host"], help="default arm64, as deployed")
    parser.add_argument("--sam-default", action="store_true", help="function: package as SAM's python builder does")
    args = parser.parse_args(argv)
    arch = host_arch() if args.arch == "host" else args.arch
    if args.kind == "host":
        built = build_host(args.out or HOST_OUT)
        print(f"built {built} for {host_arch()}")
        return 0
    if args.out is None:
        parser.error("--out is required")
    if args.kind == "layer":
        built = build_layer(args.out, arch)
    else:
        source = function_folder(args.function) if args.function else args.source
        if source is None or not (source / "app.py").exists():
            parser.error(f"function needs --function LogicalId or --source DIR with an app.py (not {source})")
        built = build_function(source, args.out, arch, recipe=not args.sam_default)
    print(f"built {built} for {arch}: {size_bytes(built) / 1e6:.1f} MB unzipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""runa.boot: forward references compiled on first evaluation behave as the stock ones, compiled at once, do; in
Lambda the garbage collector is off from the first import until the first invocation ends, and only there."""

from __future__ import annotations

import runa.boot

import json
import os
import subprocess
import sys
import typing
from typing import ForwardRef, NotRequired, Required, TypedDict

import pydantic
import pytest

# Each annotation, evaluated in this module, and what the stock class makes of it (checked in a process without
# runa.boot below).
CASES: list[tuple[str, object]] = [
    ("int", int),
    ("list[int]", list[int]),
    ("int | None", int | None),
    ("typing.Optional[str]", typing.Optional[str]),  # noqa: UP045 - the spelling is the case
    ("dict[str, list[float]]", dict[str, list[float]]),
    ("*tuple[int, str]", typing.Unpack[tuple[int, str]]),
]


def test_given_python_3_13_then_the_lazy_class_is_installed_once() -> None:
    assert sys.version_info[:2] == (3, 13)
    assert isinstance(ForwardRef.__dict__["__forward_code__"], property)
    assert runa.boot.install() is False  # already done at import


@pytest.mark.parametrize(("source", "expected"), CASES, ids=[source for source, _ in CASES])
def test_given_a_forward_reference_when_evaluated_then_it_is_what_the_stock_class_gives(
    source: str, expected: object
) -> None:
    reference = ForwardRef(source)

    assert typing._eval_type(reference, globals(), globals(), ()) == expected  # type: ignore[attr-defined]
    assert reference == ForwardRef(source) and hash(reference) == hash(ForwardRef(source))
    assert reference.__forward_code__.co_filename == "<string>"


def test_given_a_forward_reference_then_its_code_is_compiled_only_when_read() -> None:
    reference = ForwardRef("list[int]")
    slot = runa.boot._CODE_SLOT

    assert slot.__get__(reference, ForwardRef) is None
    first = reference.__forward_code__
    assert slot.__get__(reference, ForwardRef) is first and reference.__forward_code__ is first


def test_given_bad_input_then_the_errors_are_the_stock_ones() -> None:
    with pytest.raises(TypeError, match="Forward reference must be a string -- got 3"):
        ForwardRef(3)  # type: ignore[arg-type]
    # Raised when evaluated, not when wrapped: as Python 3.14 does.
    reference = ForwardRef("1 +")
    with pytest.raises(SyntaxError, match=r"Forward reference must be an expression -- got '1 \+'"):
        typing._eval_type(reference, {}, {}, ())  # type: ignore[attr-defined]


def test_given_typeddicts_and_models_with_string_annotations_then_hints_and_validation_hold() -> None:
    class Shape(TypedDict, total=False):
        name: Required[str]
        sides: NotRequired[int]
        tags: list[str]

    class Node(pydantic.BaseModel):
        value: int
        child: Node | None = None

    assert typing.get_type_hints(Shape) == {"name": str, "sides": int, "tags": list[str]}
    # Under `from __future__ import annotations` typing cannot see Required in a string: all keys follow `total`,
    # on the stock class too.
    assert Shape.__optional_keys__ == {"name", "sides", "tags"}
    assert Node.model_validate({"value": 1, "child": {"value": "2"}}).child == Node(value=2)
    with pytest.raises(pydantic.ValidationError):
        Node.model_validate({"value": "x"})


def test_given_a_process_without_runa_boot_then_the_stock_class_agrees_on_every_case() -> None:
    sources = [source for source, _ in CASES]
    code = (
        "import json, sys, typing\n"
        "refs = [typing.ForwardRef(s) for s in json.loads(sys.argv[1])]\n"
        "hints = [typing._eval_type(ref, {'typing': typing}, {}, ()) for ref in refs]\n"
        "print(json.dumps([repr(hint) for hint in hints]))"
    )
    stock = subprocess.run(
        [sys.executable, "-c", code, json.dumps(sources)], capture_output=True, text=True, check=True
    ).stdout

    assert json.loads(stock) == [repr(expected) for _, expected in CASES]


# A process as Lambda starts one: runa.boot first, then an entry point invoked twice, the first invocation failing.
_LAMBDA_PROCESS = """
import json, gc, runa.boot
report = {"at_init": gc.isenabled()}
@runa.boot.resumes_gc
def handler(event, context):
    if event.get("fail"):
        raise ValueError("boom")
    return {"gc": gc.isenabled()}
try:
    handler({"fail": True}, None)
except ValueError:
    pass
report["after_first"] = gc.isenabled()
report["frozen"] = gc.get_freeze_count()
report["second"] = handler({}, None)
report["frozen_again"] = gc.get_freeze_count()
print(json.dumps(report))
"""


def _run_process(environment: dict[str, str]) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _LAMBDA_PROCESS], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_given_lambda_when_the_first_invocation_fails_then_the_collector_is_resumed_once_with_the_init_frozen() -> None:
    environment = {key: value for key, value in os.environ.items() if key != "LAMBDA_TASK_ROOT"}

    report = _run_process({**environment, "LAMBDA_TASK_ROOT": "/var/task"})

    assert report["at_init"] is False
    assert report["after_first"] is True
    assert isinstance(report["frozen"], int) and report["frozen"] > 1000  # the init's objects, skipped from now on
    assert report["second"] == {"gc": True}
    assert report["frozen_again"] == report["frozen"]  # frozen once, not again at every invocation


def test_given_no_lambda_then_the_collector_is_never_paused() -> None:
    environment = {key: value for key, value in os.environ.items() if key != "LAMBDA_TASK_ROOT"}

    report = _run_process(environment)

    assert report == {
        "at_init": True,
        "after_first": True,
        "frozen": 0,
        "second": {"gc": True},
        "frozen_again": 0,
    }

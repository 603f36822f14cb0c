"""What every function imports first, before Powertools or pydantic: forward references compiled when first used,
the methods of dataclasses compiled at build time, and in Lambda the cyclic garbage collector paused until the
first invocation ends.

Python 3.13 compiles the source of every string annotation it wraps in a `typing.ForwardRef` as soon as it wraps
it. A TypedDict wraps every field of a module written with `from __future__ import annotations`, and pydantic-core
defines some eighty of them at import (its core-schema types), nearly all never evaluated: about 55 M instructions,
5 % of a cold start, spent compiling strings nobody reads. Python 3.14 compiles them on first evaluation
(PEP 749); this backports that to 3.13 and does nothing on any other version:

- `ForwardRef.__init__` stores the string and no code object, with the same TypeError for a non-string;
- `__forward_code__` becomes a property over the same slot, compiling on first read (typing's own `_evaluate` and
  typing_extensions both read it there), with the same SyntaxError message, raised at evaluation instead of at
  wrapping (as on 3.14).

Dataclasses: `@dataclass` writes the source of its class's methods (__init__, __repr__, __eq__, ...) and compiles
it, at every import. A cold start defines some eighty of them (annotated_types, pydantic, Powertools, our records):
about 110 M instructions, a tenth of a cold start, compiling the same text every time. The build compiles those
texts once (scripts/build_lambda.py, from runa/dataclass_sources.json, which `make dataclass-sources` records by
importing every built function) into runa/_dataclass_code.marshal, keyed by a BLAKE2 digest of each text; here
dataclasses gets the compiled code of a text it has, and compiles any other itself, as before. The code is what
compile() makes of the same text under the same Python (the file records its bytecode magic number and optimize
level; on any other, it is not used). A development checkout has no such file: nothing changes there.

The collector: an init allocates some 400,000 objects that live as long as the process (modules, classes,
schemas, the botocore client), and nearly no garbage (a collection after it finds ~500 objects). The collector
would still walk them again and again as they pile up: about 50 M instructions at init and 10 M in the first
request, 5 % of a cold start. So in Lambda (LAMBDA_TASK_ROOT is set) it is off from here until the first
invocation ends (`resumes_gc`, around every entry point); then `gc.freeze()` moves everything alive into the
permanent generation, which later collections skip (each warm request walks only its own objects), and it is on
again. What the first request leaves as cyclic garbage is frozen too: a few hundred objects, once per process.
Tests and the local API import handlers in long-lived processes without LAMBDA_TASK_ROOT: there nothing changes.

tests/unit/test_boot.py holds the patched class to the stock one on a table of annotations, and the pause to its
contract; tests/unit/test_function_modules.py holds every function's app.py to import this module before anything
else, and every entry point to resume the collector.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import marshal
import os
import sys
import types
import typing
import zlib
from collections.abc import Callable
from importlib.util import MAGIC_NUMBER
from typing import Any

_FORWARD_REF = typing.ForwardRef
# The slot typing keeps the code object in; None until first read once installed.
_CODE_SLOT: Any = _FORWARD_REF.__dict__.get("__forward_code__")


def _compiled(self: typing.ForwardRef) -> types.CodeType:
    code = _CODE_SLOT.__get__(self, _FORWARD_REF)
    if code is None:
        arg = self.__forward_arg__
        # `def f(*args: *Ts)` gives '*Ts', not an expression on its own: typing unpacks it the same way.
        source = f"({arg},)[0]" if arg.startswith("*") else arg
        try:
            code = compile(source, "<string>", "eval")
        except SyntaxError:
            raise SyntaxError(f"Forward reference must be an expression -- got {arg!r}") from None
        _CODE_SLOT.__set__(self, code)
    return code


def _set_code(self: typing.ForwardRef, code: types.CodeType | None) -> None:
    _CODE_SLOT.__set__(self, code)


def _init(self: typing.ForwardRef, arg: str, is_argument: bool = True, module: str | None = None, *,
          is_class: bool = False) -> None:  # fmt: skip
    if not isinstance(arg, str):
        raise TypeError(f"Forward reference must be a string -- got {arg!r}")
    self.__forward_arg__ = arg
    _CODE_SLOT.__set__(self, None)
    self.__forward_evaluated__ = False
    self.__forward_value__ = None
    self.__forward_is_argument__ = is_argument
    self.__forward_is_class__ = is_class
    self.__forward_module__ = module


def install() -> bool:
    """Compile forward references lazily from now on; False where it does not apply (not 3.13, or done already)."""
    if sys.version_info[:2] != (3, 13) or not isinstance(_CODE_SLOT, types.MemberDescriptorType):
        return False
    if isinstance(_FORWARD_REF.__dict__["__forward_code__"], property):
        return False
    _FORWARD_REF.__init__ = _init  # type: ignore[method-assign]
    setattr(_FORWARD_REF, "__forward_code__", property(_compiled, _set_code))  # noqa: B010 - typing declares a slot
    return True


DATACLASS_CODE = os.path.join(os.path.dirname(__file__), "_dataclass_code.marshal")
# The dataclass sources this process compiled itself: tests/unit/test_lambda_build.py holds a built function's init
# to none (a new dataclass means running `make dataclass-sources`).
dataclass_code_misses: list[str] = []


def dataclass_source_key(source: str) -> bytes:
    return hashlib.blake2b(source.encode(), digest_size=16).digest()


def dataclass_code_header() -> tuple[bytes, int]:
    """What the code in the file must have been compiled for: this Python's bytecode and optimize level."""
    return MAGIC_NUMBER, sys.flags.optimize


def _install_dataclass_code() -> bool:
    try:
        with open(DATACLASS_CODE, "rb") as file:
            # Our own build's file, shipped in the read-only layer beside this module's .pyc (which is marshal too).
            header, table = marshal.loads(zlib.decompress(file.read()))  # noqa: S302
    except FileNotFoundError:
        return False
    if tuple(header) != dataclass_code_header():
        return False
    import dataclasses

    def exec_compiled(source: Any, globals: Any = None, locals: Any = None) -> None:
        code = table.get(dataclass_source_key(source)) if isinstance(source, str) else None
        if code is None:
            dataclass_code_misses.append(source)
            exec(source, globals, locals)  # noqa: S102 - what dataclasses itself does with its own text
        else:
            exec(marshal.loads(code), globals, locals)  # noqa: S102, S302 - the same text, compiled by the build

    dataclasses.exec = exec_compiled  # type: ignore[attr-defined]  # the name dataclasses calls, shadowing the builtin
    return True


def _pause_gc() -> bool:
    if "LAMBDA_TASK_ROOT" not in os.environ or not gc.isenabled():
        return False
    gc.disable()
    return True


_gc_paused = _pause_gc()


def resume_gc() -> None:
    """End the init's pause (once): freeze what is alive now, then collect as usual."""
    global _gc_paused
    if _gc_paused:
        _gc_paused = False
        gc.freeze()
        gc.enable()


def resumes_gc[Handler: Callable[..., Any]](handler: Handler) -> Handler:
    """A Lambda entry point whose first invocation, however it ends, resumes the collector (see the docstring)."""

    @functools.wraps(handler)
    def entry_point(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        finally:
            resume_gc()

    entry_point.resumes_gc = True  # type: ignore[attr-defined]  # what test_function_modules checks
    return entry_point  # type: ignore[return-value]


install()
dataclass_code_in_use = _install_dataclass_code()

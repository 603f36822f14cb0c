"""Code Python generates while modules load, generated once at build time instead of at every cold start.

Two kinds, both pure functions of their input text, both costly at import:
- the methods `@dataclass` writes as source and compiles (`exec`): about 3 M instructions per frozen dataclass, and
  the agent's chat path alone loads some thirty;
- regular expressions, which `re` parses and compiles in Python: about 2 M instructions for a long pattern.

scripts/build_lambda.py imports every runa module with `record()` on and writes what was compiled beside this module
(`_codecache.bin`): each dataclass source with its code object, each (pattern, flags) with what `re`'s compiler
made of it. At runtime (`install`, from runa.boot) a source or pattern found there skips the compiler; anything else
compiles as usual. The file is used only by the interpreter that can run it: the bytecode magic (as for the .pyc
files the build ships) and the regular-expression engine's magic must both match, else it is ignored.
"""

from __future__ import annotations

import _frozen_importlib_external
import _sre
import builtins
import marshal
import os
import sys
import zlib
from typing import Any

CACHE = os.path.join(os.path.dirname(__file__), "_codecache.bin")
# The bytecode and regular-expression engine versions, and the byte order the patterns' code is stored in.
_GUARD = (_frozen_importlib_external.MAGIC_NUMBER, _sre.MAGIC, _sre.CODESIZE, sys.byteorder)

_sources: dict[str, bytes] = {}  # dataclass method source -> marshalled code object
_patterns: dict[tuple[str | bytes, int], tuple[Any, ...]] = {}  # (pattern, flags) -> _sre.compile's arguments
_recording = False
_installed = False
# What compiled although the cache was in use: [dataclass sources, patterns] (tests/unit/test_lambda_build.py).
missed = [0, 0]


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    if type(source) is str:
        code = _sources.get(source)
        if code is not None:
            return builtins.exec(marshal.loads(code), globals, locals)  # noqa: S102, S302 - the build's own code
        if _recording:
            # dont_inherit: compiled as dataclasses' own exec compiles it (this module's __future__ flags differ).
            compiled = compile(source, "<string>", "exec", dont_inherit=True)
            _sources[source] = marshal.dumps(compiled)
            return builtins.exec(compiled, globals, locals)  # noqa: S102 - what dataclasses asked to run
        missed[0] += 1
    return builtins.exec(source, globals, locals)  # noqa: S102 - what dataclasses asked to run


def _regex(stock: Any) -> Any:
    import re

    def compile_pattern(pattern: Any, flags: int = 0) -> Any:
        if type(pattern) in (str, bytes) and not flags & re.DEBUG:
            key = (pattern, int(flags))
            found = _patterns.get(key)
            if found is not None:
                flags, code, groups, groupindex, indexgroup = found
                return _sre.compile(pattern, flags, memoryview(code).cast("I").tolist(), groups, groupindex, indexgroup)
            if _recording:
                _patterns[key] = _arguments(pattern, int(flags))
            else:
                missed[1] += 1
        return stock(pattern, flags)

    return compile_pattern


def _arguments(pattern: str | bytes, flags: int) -> tuple[Any, ...]:
    """What re._compiler.compile passes to _sre.compile for this pattern (Python 3.13's re)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = parsed.state.groupdict
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # The code as bytes (unsigned ints of the engine's size, this machine's order): loading the cache creates no
    # int objects, a pattern found makes its list then.
    packed = b"".join(int(word).to_bytes(_sre.CODESIZE, sys.byteorder) for word in code)
    return (int(flags | parsed.state.flags), packed, parsed.state.groups - 1, dict(groupindex), tuple(indexgroup))


def _patch() -> None:
    global _installed
    if _installed:
        return
    import dataclasses
    from re import _compiler  # type: ignore[attr-defined]

    dataclasses.exec = _exec  # type: ignore[attr-defined] # dataclasses calls exec() by its global name
    _compiler.compile = _regex(_compiler.compile)
    _installed = True


def install() -> bool:
    """Use the build's cache, when there is one for this interpreter; False otherwise (nothing is patched)."""
    try:
        with open(CACHE, "rb") as file:
            guard, sources, patterns = marshal.loads(zlib.decompress(file.read()))  # noqa: S302 - the build wrote it
    except (OSError, ValueError, EOFError, TypeError, zlib.error):
        return False
    if tuple(guard) != _GUARD:
        return False
    _sources.update(sources)
    _patterns.update(patterns)
    _patch()
    return True


def record() -> None:
    """Build time: from now on, keep what dataclasses and regular expressions compile (see `save`)."""
    global _recording
    _recording = True
    _patch()


def save(path: str = CACHE) -> tuple[int, int]:
    """Write what was recorded; returns how many dataclass sources and patterns it holds."""
    # Compressed: a sixth of the size in the layer (whose unzipped size has a budget) for about 9 M instructions.
    with open(path, "wb") as file:
        file.write(zlib.compress(marshal.dumps((_GUARD, dict(sorted(_sources.items())), _patterns)), 9))
    return len(_sources), len(_patterns)

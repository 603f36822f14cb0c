"""runa.core.codecache: dataclasses and regular expressions made from the build's cache are the ones Python makes
itself; a cache written for another interpreter is ignored."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import zlib
from pathlib import Path

LAYER = Path(__file__).resolve().parents[2] / "layers" / "shared"

# Recorded in one process, then used in another: a frozen dataclass and a few patterns, compared with stock ones.
RECORD = """
import re, sys
from dataclasses import dataclass, field
from runa.core import codecache
codecache.record()
@dataclass(frozen=True)
class Ref:
    '''doc'''
    source_id: str
    seq: int = 0
    tags: tuple[str, ...] = field(default_factory=tuple)
re.compile(r"(?P<year>\\d{4})-(?P<month>\\d\\d)|\\b(?:ignore|forget)\\b[^.]{0,40}", re.IGNORECASE | re.MULTILINE)
re.compile(rb"[a-z]+(?=\\d)")
print(*codecache.save(sys.argv[1]))
"""
USE = """
import re, sys
from dataclasses import dataclass, field
from runa.core import codecache
assert codecache.install() is (sys.argv[1] == "hit")
@dataclass(frozen=True)
class Ref:
    '''doc'''
    source_id: str
    seq: int = 0
    tags: tuple[str, ...] = field(default_factory=tuple)
a, b = Ref("ks_1"), Ref("ks_1", 0, ())
assert a == b and hash(a) == hash(Ref("ks_1")) and repr(a) == "Ref(source_id='ks_1', seq=0, tags=())"
try:
    a.seq = 1
    raise SystemExit("not frozen")
except AttributeError:
    pass
p = re.compile(r"(?P<year>\\d{4})-(?P<month>\\d\\d)|\\b(?:ignore|forget)\\b[^.]{0,40}", re.IGNORECASE | re.MULTILINE)
m = p.search("on 2024-05 we IGNORE all")
print(m.group("year"), m.group("month"), p.groupindex["month"], p.groups, p.flags,
      p.findall("Forget it. 1999-12"), re.compile(rb"[a-z]+(?=\\d)").findall(b"ab1 cd e2"))
"""


def _run(code: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(LAYER)}
    env.pop("LAMBDA_TASK_ROOT", None)
    result = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_given_a_recorded_cache_then_its_dataclasses_and_patterns_are_the_stock_ones(tmp_path: Path) -> None:
    cache = tmp_path / "_codecache.bin"
    assert _run(RECORD, str(cache)).split() == ["1", "2"]  # one dataclass's methods, two patterns
    stock = _run(USE, "miss")
    layer = tmp_path / "layer"
    (layer / "runa" / "core").mkdir(parents=True)
    for name in ("__init__.py", "core/__init__.py", "core/codecache.py"):
        (layer / "runa" / name).write_bytes((LAYER / "runa" / name).read_bytes())
    (layer / "runa" / "core" / "_codecache.bin").write_bytes(cache.read_bytes())
    env = {**os.environ, "PYTHONPATH": str(layer)}
    env.pop("LAMBDA_TASK_ROOT", None)
    cached = subprocess.run([sys.executable, "-c", USE, "hit"], env=env, capture_output=True, text=True, check=False)
    assert cached.returncode == 0, cached.stderr
    assert cached.stdout == stock


def test_given_a_cache_of_another_interpreter_then_it_is_ignored(tmp_path: Path) -> None:
    layer = tmp_path / "layer"
    (layer / "runa" / "core").mkdir(parents=True)
    for name in ("__init__.py", "core/__init__.py", "core/codecache.py"):
        (layer / "runa" / name).write_bytes((LAYER / "runa" / name).read_bytes())
    stale = marshal.dumps(((b"\0\0\r\n", 0, 4, "little"), {}, {}))
    (layer / "runa" / "core" / "_codecache.bin").write_bytes(zlib.compress(stale))
    env = {**os.environ, "PYTHONPATH": str(layer)}
    code = "from runa.core import codecache; print(codecache.install())"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

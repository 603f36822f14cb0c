"""Record the texts `@dataclass` compiles into layers/shared/runa/dataclass_sources.json: what every built function
defines at its init, and every `runa` module loaded on a later request. The build compiles them once
(scripts/build_lambda.py) and runa.boot hands dataclasses the compiled code instead of compiling them again at every
cold start (about 110 M instructions).

Run `make dataclass-sources` after adding or changing a dataclass (or upgrading a dependency that defines some):
tests/unit/test_lambda_build.py fails while a built function's init compiles a text the file does not have. The
texts depend only on the classes' source, not on the architecture, so one recording serves arm64 and x86_64.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from devtools.built import built_functions, run_in_built

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "layers" / "shared" / "runa" / "dataclass_sources.json"
# In the built function, after runa.boot (whatever dataclasses calls then: the build's code or the builtin exec).
RECORD = """
import importlib, json, pkgutil, dataclasses, runa.boot
texts = []
compile_text = dataclasses.exec
def recording(text, *args):
    texts.append(text)
    return compile_text(text, *args)
dataclasses.exec = recording
import app, runa
for module in pkgutil.walk_packages(runa.__path__, "runa."):
    try:
        importlib.import_module(module.name)
    except ImportError:  # a module needing another function's own packages (pypdf is the indexer's)
        pass
print(json.dumps(texts))
"""


def record(artifact: Path) -> list[str]:
    texts: set[str] = set()
    for function in built_functions(artifact):
        result = run_in_built(artifact, function, RECORD)
        if result.returncode != 0:
            raise SystemExit(f"{function.name} failed to import:\n{result.stderr[-3000:]}")
        texts.update(json.loads(result.stdout.splitlines()[-1]))
    return sorted(texts)


def main() -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_lambda.py"), "host"], check=True)  # noqa: S603
    texts = record(ROOT / ".aws-sam" / "host")
    SOURCES.write_text(json.dumps(texts, indent=0) + "\n")
    print(f"{len(texts)} dataclass texts -> {SOURCES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

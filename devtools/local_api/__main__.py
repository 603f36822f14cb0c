"""`python -m devtools.local_api`: the layer goes on sys.path as Lambda's /opt/python would be."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
for _path in (str(_ROOT / "layers" / "shared"), str(_ROOT)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from devtools.local_api.server import main  # noqa: E402 - needs the paths above

if __name__ == "__main__":
    code = main()
    # Everything is stopped; spare the interpreter a final collection over moto's and SAM's heaps (~2 s).
    gc.freeze()
    sys.exit(code)

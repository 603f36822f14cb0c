"""Run every benchmark module in this package, or the ones named: python -m devtools.bench [name ...]."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import devtools.bench as package


def main(names: list[str]) -> None:
    modules = sorted(info.name for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith("_"))
    for name in names or modules:
        print(f"\n=== {name} ===", flush=True)
        importlib.import_module(f"devtools.bench.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])

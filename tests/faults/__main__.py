"""`make chaos` (= `python -m tests.faults`): every fault-injection scenario with the full load, then the table.

Each scenario starts its own local API (a few seconds), fires 100 async + 50 sync orders and waits up to
tests.faults.chaos.DEADLINE_S for every order to be terminal. Exit status 1 when any invariant broke.

    python -m tests.faults                       # every scenario
    python -m tests.faults --only kill --only crash --async-orders 20 --sync-orders 10
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

from tests.faults.chaos import SCENARIOS, Figures, run, summary, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.faults", description=__doc__)
    parser.add_argument("--only", action="append", default=[], help="scenarios whose name contains this (repeat)")
    parser.add_argument("--async-orders", type=int, help="instead of each scenario's 100")
    parser.add_argument("--sync-orders", type=int, help="instead of each scenario's 50")
    args = parser.parse_args(argv)
    scenarios = [s for s in SCENARIOS if not args.only or any(word in s.name for word in args.only)]
    changes = {
        name: value
        for name, value in (("async_orders", args.async_orders), ("sync_orders", args.sync_orders))
        if value is not None
    }
    results: list[Figures] = []
    began = time.monotonic()
    # Kept: each scenario's local API log (function logs, tracebacks) is what explains a broken invariant.
    directory = tempfile.mkdtemp(prefix="runa-chaos-")
    print(f"local API logs: {directory}/scenario-<n>/local_api.log", flush=True)
    for number, scenario in enumerate(scenarios):
        scenario = dataclasses.replace(scenario, **changes)
        workdir = Path(directory) / f"scenario-{number}"
        workdir.mkdir()
        print(f"== {scenario.name}: {scenario}", flush=True)
        figures = run(scenario, workdir, log=lambda line: print(line, flush=True))
        print(summary(figures), flush=True)
        results.append(figures)
    print(f"\nFault injection through the local API ({time.monotonic() - began:.0f} s in all):\n", flush=True)
    print(table(results), flush=True)
    broken = [figures.scenario for figures in results if not figures.ok]
    print(f"\n{'every invariant held' if not broken else 'invariants broken in: ' + ', '.join(broken)}", flush=True)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())

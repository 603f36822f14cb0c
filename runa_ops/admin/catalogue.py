"""`catalogue seed`: load the product catalogue into the ProductsTable (the deploy-time seeding step).

Idempotent: running it twice writes the same items; products that left the seed file are deleted, so the table
always equals the file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from runa.payouts.data import products as store
from runa.payouts.logic.catalogue import parse_seed

SEED_FILE = Path(__file__).resolve().parents[1] / "seed" / "catalogue.json"


def register(areas: argparse._SubParsersAction) -> None:
    commands = areas.add_parser("catalogue", help="seed the product catalogue").add_subparsers(
        dest="command", required=True
    )
    seed = commands.add_parser("seed", help="write the catalogue file to the ProductsTable (idempotent)")
    seed.add_argument("--file", type=Path, default=SEED_FILE, help="catalogue JSON (default: the bundled seed)")
    seed.set_defaults(run=seed_catalogue)


def seed_catalogue(args: argparse.Namespace) -> int:
    print(json.dumps(seed(args.file)))
    return 0


def seed(path: Path = SEED_FILE) -> dict[str, object]:
    """Write the catalogue of `path`; returns what changed (also used by the local API's seeding)."""
    catalogue = parse_seed(path.read_text())
    wanted = {entry.product.code for entry in catalogue.entries}
    stale = [code for code in store.stored_codes() if code not in wanted]
    store.put_catalogue(catalogue.entries, catalogue.version)
    store.remove_products(stale)
    return {"version": catalogue.version, "products": len(catalogue.entries), "removed": stale}

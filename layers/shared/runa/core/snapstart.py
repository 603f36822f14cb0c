"""Lambda SnapStart: what an execution environment restored from a snapshot must not share with the others.

With SnapStart (the template's `SnapStart` parameter, docs/operations.md) Lambda runs the init once per published
version, snapshots the environment, and starts every new environment from that snapshot. Whatever the init left
in memory is then the same in all of them, and possibly hours old:
- the `random` module's state: retry jitter (ours in runa.payouts.data.transactions, botocore's) would be the same
  sequence in every environment, so their retries would collide; re-seeded from the OS after restore. IDs, keys
  and secrets come from `secrets` (the OS's generator, which the restore re-seeds), never from `random`;
- credentials a client resolved at init: kept when they refresh themselves (SnapStart gives the runtime container
  credentials, which botocore refreshes before they expire), clients remade when they are static (runa.core.aws).
No connection is opened at init (clients are made, nothing is sent), so none is left half-open in the snapshot.

The hooks come from `snapshot_restore_py`, which Lambda's managed Python runtimes include; elsewhere nothing is
ever restored and nothing is registered.
"""

from __future__ import annotations

import random
from functools import cache


def after_restore() -> None:
    random.seed()
    from runa.core import aws  # here: a function without AWS clients never loads botocore for this

    aws.after_restore()


@cache
def register() -> bool:
    """Register the restore hook once per process; False where the runtime has no SnapStart hooks."""
    try:
        from snapshot_restore_py import register_after_restore
    except ImportError:
        return False
    register_after_restore(after_restore)
    return True

"""The transactional outbox of knowledge sources: what each committed change of a source item sends on.

The KnowledgeTable's stream carries every committed write to the outbox relay (functions/outbox_relay), so a
source written `indexing` always gets its indexing job and a deleted source always gets its purge, even when the
request that wrote it died right after. Jobs are idempotent: chunks have deterministic ids and every status change
is conditional on the generation.
"""

from __future__ import annotations

from typing import Any

from runa.knowledge.data.keys import SOURCE_PREFIX
from runa.knowledge.models import IndexJob, PurgeJob


def _is_source(item: dict[str, Any] | None) -> bool:
    return bool(item) and str(item.get("sk", "")).startswith(SOURCE_PREFIX)  # type: ignore[union-attr]


def jobs_for(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[IndexJob | PurgeJob]:
    """A source that entered `indexing` with a new generation is indexed; a source that is gone is purged."""
    if _is_source(new):
        assert new is not None
        started = new.get("status") == "indexing" and (
            not _is_source(old) or int(old["pending_generation"]) != int(new["pending_generation"])  # type: ignore[index]
        )
        if started:
            return [IndexJob(owner=new["owner"], source_id=new["id"], generation=int(new["pending_generation"]))]
        return []
    if _is_source(old):
        assert old is not None
        return [PurgeJob(owner=old["owner"], source_id=old["id"])]
    return []

"""The transactional outbox of knowledge sources: what each committed change of a source item sends on.

The KnowledgeTable's stream carries every committed write to the outbox relay (functions/outbox_relay), so a
source written `indexing` always gets its indexing job and a deleted source always gets its purge, even when the
request that wrote it died right after. Jobs are idempotent: chunks have deterministic ids and every status change
is conditional on the generation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runa.knowledge.messages import IndexJob, PurgeJob

if TYPE_CHECKING:  # annotations only: the relay's orders records never load the knowledge schemas
    from runa.knowledge.models import SourceRecord


def jobs_for(old: SourceRecord | None, new: SourceRecord | None) -> list[IndexJob | PurgeJob]:
    """A source that entered `indexing` with a new generation is indexed; a source that is gone is purged."""
    if new is not None:
        if new.status == "indexing" and (old is None or old.pending_generation != new.pending_generation):
            return [IndexJob(owner=new.owner, source_id=new.id, generation=new.pending_generation)]
        return []
    if old is not None:
        return [PurgeJob(owner=old.owner, source_id=old.id)]
    return []

"""The indexing queue's jobs (camelCase on the wire): apart from the knowledge schemas (runa.knowledge.models) so the
outbox relay and the sweeper, which only send jobs, load none of the API bodies."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field
from pydantic.alias_generators import to_camel

from runa.core.schemas import Schema


class Wire(Schema):
    """camelCase on the wire, snake_case in Python."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class IndexJob(Wire):
    """Fetch and index `generation` of a source."""

    kind: Literal["index"] = "index"
    owner: str
    source_id: str
    generation: int = Field(ge=1)


class PurgeJob(Wire):
    """Delete every chunk of a deleted source (the DELETE answers at once; this cleans up behind it)."""

    kind: Literal["purge"] = "purge"
    owner: str
    source_id: str


Job = Annotated[IndexJob | PurgeJob, Field(discriminator="kind")]

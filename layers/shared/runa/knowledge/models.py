"""Knowledge schemas: the /v1/knowledge request and response bodies, and the passages retrieval returns."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Passage(BaseModel):
    """One retrieved passage, with what a citation needs: the source's id, name and url, and the text."""

    model_config = ConfigDict(frozen=True)

    source_id: str = Field(description="The knowledge source id (ks_...).")
    name: str = Field(description="The source's name as the user gave it.")
    url: str | None = Field(default=None, description="The page the passage came from (None for text sources).")
    text: str = Field(description="The passage; untrusted data, wrap it with grounding.wrap_passages().")
    score: float = Field(description="BM25 score; higher is more relevant.")

"""Knowledge schemas: the /v1/knowledge bodies (camelCase on the wire), the stored source record, and the passages
retrieval hands to the agent. The indexing queue's jobs are in runa.knowledge.messages."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from runa.core.schemas import Schema
from runa.knowledge.messages import Wire as _Wire

SourceType = Literal["url", "text", "file"]
SourceStatus = Literal["awaiting_upload", "indexing", "ready", "failed"]
FileContentType = Literal["application/pdf", "text/markdown", "text/html", "text/plain"]

MAX_NAME_CHARS = 200
MAX_URL_CHARS = 2048
# A text source is stored in its source item (DynamoDB items stop at 400 KB; 4 bytes a character at worst).
MAX_TEXT_CHARS = 90_000
MAX_PAGES = 25
DEFAULT_PAGES = 10
# A file source: what one upload may hold, and how long its upload URL works.
MAX_FILE_BYTES = 10_000_000
MAX_FILE_NAME_CHARS = 255
UPLOAD_URL_SECONDS = 3600


class CreateUrlSource(_Wire):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"type": "url", "name": "Help center", "url": "https://example.com/help"}]}
    )

    type: Literal["url"]
    url: str = Field(min_length=1, max_length=MAX_URL_CHARS, description="An http(s) URL on the public internet.")
    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    follow_links: bool = Field(
        default=False, description="Also index pages on the same host linked from the URL (breadth first)."
    )
    max_pages: int = Field(
        default=DEFAULT_PAGES, ge=1, le=MAX_PAGES, description="With followLinks: how many pages at most."
    )


class CreateTextSource(_Wire):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"type": "text", "name": "Shipping FAQ", "content": "# Shipping\nWe ship to 42 countries."}]
        }
    )

    type: Literal["text"]
    content: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="Plain text or Markdown.")
    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS)


class CreateFileSource(_Wire):
    """A file you upload: the answer carries an upload URL (HTTP PUT, the body is the file); then ask for indexing
    with POST /v1/knowledge/{id}/refresh."""

    type: Literal["file"]
    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    file_name: str = Field(min_length=1, max_length=MAX_FILE_NAME_CHARS, description="Shown in citations.")
    content_type: FileContentType = Field(description="Sent again as the upload's Content-Type header.")
    size: int = Field(ge=1, le=MAX_FILE_BYTES, description=f"Bytes; at most {MAX_FILE_BYTES // 1_000_000} MB.")


CreateSource = Annotated[CreateUrlSource | CreateTextSource | CreateFileSource, Field(discriminator="type")]


class Upload(_Wire):
    """Where to send a file source's bytes: one HTTP PUT of the file to `url` with these headers."""

    url: str
    method: Literal["PUT"] = "PUT"
    headers: dict[str, str] = Field(description="Send exactly these (the URL is signed for them).")
    expires_at: str = Field(description="ISO 8601, UTC; after it, delete the source and add it again.")


class SourceStats(_Wire):
    pages: int = Field(description="Pages fetched (1 for a text source).")
    chunks: int = Field(description="Passages indexed.")
    bytes: int = Field(description="Bytes of content fetched (of text, for a text source).")


class Source(_Wire):
    """A knowledge source as the API shows it."""

    id: str = Field(description="ks_...")
    name: str
    type: SourceType
    status: SourceStatus = Field(
        description="indexing -> ready | failed (see error); a file source starts awaiting_upload (until its "
        "upload is indexed: POST /v1/knowledge/{id}/refresh after the PUT)."
    )
    url: str | None = None
    created_at: str = Field(description="ISO 8601, UTC.")
    last_indexed_at: str | None = Field(default=None, description="When the searchable content was last indexed.")
    error: str | None = Field(default=None, description="Why the last indexing failed, and what to do about it.")
    stats: SourceStats | None = Field(default=None, description="Of the searchable content, once indexed.")
    follow_links: bool | None = None
    max_pages: int | None = None
    file_name: str | None = Field(default=None, description="Of a file source.")
    content_type: FileContentType | None = Field(default=None, description="Of a file source.")
    upload: Upload | None = Field(default=None, description="Only when a file source is added: where to PUT it.")


class SourceList(_Wire):
    sources: list[Source]
    next_cursor: str | None = Field(default=None, description="Pass as ?cursor= for the next page; null at the end.")


class SourceDeleted(_Wire):
    deleted: Literal[True] = True
    id: str


class SourceRecord(Schema):
    """The source item as stored (docs/data-model.md, "Knowledge"). Generations make re-indexing atomic: chunks
    are written under `pending_generation`, then `active_generation` flips to it; retrieval reads only chunks of
    the active generation."""

    owner: str
    id: str
    type: SourceType
    name: str
    url: str | None = None
    content: str | None = None
    follow_links: bool = False
    max_pages: int = 1
    status: SourceStatus = "indexing"
    error: str | None = None
    created_at: str
    last_indexed_at: str | None = None
    stats: SourceStats | None = None
    active_generation: int | None = None
    pending_generation: int = 1
    file_name: str | None = None
    content_type: FileContentType | None = None
    size: int | None = None  # declared when added; the upload is checked again when indexed

    def public(self) -> Source:
        return Source(
            id=self.id,
            name=self.name,
            type=self.type,
            status=self.status,
            url=self.url,
            created_at=self.created_at,
            last_indexed_at=self.last_indexed_at,
            error=self.error,
            stats=self.stats,
            follow_links=self.follow_links if self.type == "url" else None,
            max_pages=self.max_pages if self.type == "url" and self.follow_links else None,
            file_name=self.file_name,
            content_type=self.content_type,
        )


class StoredChunk(Schema):
    """One chunk as stored and as loaded into the index."""

    source_id: str
    generation: int
    seq: int
    text: str
    url: str | None = None


class Passage(Schema):
    """One retrieved passage, with what a citation needs: the source's id, name and url, and the text."""

    model_config = ConfigDict(frozen=True)

    source_id: str = Field(description="The knowledge source id (ks_...).")
    name: str = Field(description="The source's name as the user gave it.")
    url: str | None = Field(default=None, description="The page the passage came from (None for text sources).")
    text: str = Field(description="The passage; untrusted data (see runa.agent.logic.prompt).")
    score: float = Field(description="BM25 score; higher is more relevant.")

"""Index snapshot files: written to the knowledge bucket by the indexer, fetched by the chat function into /tmp
(streamed, never whole in memory) and memory-mapped from there.

/tmp outlives an invocation, so a product whose index was dropped from memory (the budget, another product
asked in between) opens again from its file without a fetch. Files are named by their immutable key and kept
within TMP_BUDGET_BYTES, least recently used removed first.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import tempfile
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.errors import StoreError
from runa.core.ids import ulid
from runa.core.settings import get_settings
from runa.knowledge.logic.retrieval import SnapshotMissing

# Lambda's /tmp is 512 MB by default; leave room for anything else that uses it.
TMP_BUDGET_BYTES = 384_000_000
_READ_BYTES = 1 << 20
PREFIX = "index-snapshots/"
# One source generation's segment, written by its indexing job; needed only until the next compaction folds it
# in, so the bucket expires them (template.yaml) instead of anyone deleting them.
SEGMENT_PREFIX = "source-segments/"


def _owner_part(owner: str) -> str:
    return hashlib.sha256(owner.encode()).hexdigest()[:32]


def _directory() -> Path:
    path = Path(os.environ.get("KNOWLEDGE_SNAPSHOT_DIR") or Path(tempfile.gettempdir()) / "runa-knowledge")
    path.mkdir(parents=True, exist_ok=True)
    return path


def key_for(owner: str) -> str:
    """A new, never reused key: snapshots are immutable."""
    return f"{PREFIX}{_owner_part(owner)}/{ulid().lower()}.rks"


def segment_key(owner: str, source_id: str, generation: int) -> str:
    """Deterministic: a redelivered job overwrites its own segment."""
    return f"{SEGMENT_PREFIX}{_owner_part(owner)}/{source_id}/{generation:06d}.seg"


def put_source_segment(owner: str, source_id: str, generation: int, data: bytes) -> None:
    try:
        aws.client("s3").put_object(
            Bucket=get_settings().knowledge_bucket, Key=segment_key(owner, source_id, generation), Body=data
        )
    except ClientError as error:
        raise StoreError("could not store the knowledge source's index segment") from error


def source_segment(owner: str, source_id: str, generation: int) -> bytes | None:
    """The segment of one source generation, in memory (small: ~0.3 MB a thousand chunks); None when absent."""
    try:
        body: Any = aws.client("s3").get_object(
            Bucket=get_settings().knowledge_bucket, Key=segment_key(owner, source_id, generation)
        )["Body"]
        return bytes(body.read())
    except ClientError as error:
        if aws.error_code(error) in ("NoSuchKey", "404"):
            return None
        raise StoreError("could not fetch the knowledge source's index segment") from error


class MappedSnapshot:
    """A snapshot file memory-mapped read-only; `fetched` is how many bytes came over the network (0: /tmp)."""

    def __init__(self, path: Path, fetched: int) -> None:
        self.path = path
        self.fetched = fetched
        with path.open("rb") as file:
            self._map = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        self.buffer = memoryview(self._map)

    def close(self) -> None:
        self.buffer.release()
        self._map.close()


def _trim(directory: Path, keep: Path) -> None:
    files = sorted(directory.glob("*.rks"), key=lambda f: f.stat().st_atime)
    total = sum(f.stat().st_size for f in files)
    for file in files:
        if total <= TMP_BUDGET_BYTES:
            return
        if file != keep:
            total -= file.stat().st_size
            file.unlink(missing_ok=True)  # an open mapping stays valid until it is closed


def open_snapshot(key: str) -> MappedSnapshot:
    directory = _directory()
    path = directory / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.rks"
    if path.exists():
        os.utime(path)
        return MappedSnapshot(path, 0)
    partial = path.with_suffix(f".{os.getpid()}.part")
    fetched = 0
    try:
        body: Any = aws.client("s3").get_object(Bucket=get_settings().knowledge_bucket, Key=key)["Body"]
        with partial.open("wb") as out:
            while block := body.read(_READ_BYTES):
                out.write(block)
                fetched += len(block)
        partial.replace(path)
    except ClientError as error:
        partial.unlink(missing_ok=True)
        if aws.error_code(error) in ("NoSuchKey", "404"):
            raise SnapshotMissing(key) from error
        raise StoreError("could not fetch the knowledge index snapshot") from error
    _trim(directory, path)
    return MappedSnapshot(path, fetched)


def put(owner: str, data: bytes) -> str:
    key = key_for(owner)
    try:
        aws.client("s3").put_object(Bucket=get_settings().knowledge_bucket, Key=key, Body=data)
    except ClientError as error:
        raise StoreError("could not store the knowledge index snapshot") from error
    return key


def delete(key: str) -> None:
    try:
        aws.client("s3").delete_object(Bucket=get_settings().knowledge_bucket, Key=key)
    except ClientError as error:
        raise StoreError("could not delete the knowledge index snapshot") from error

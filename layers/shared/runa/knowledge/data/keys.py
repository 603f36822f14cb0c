"""KnowledgeTable keys. Everything of one product lives under one partition, so the index loads in one query:

- source:        pk=`PRODUCT#<product>`  sk=`SOURCE#<ks_id>`
- chunk:         pk=`PRODUCT#<product>`  sk=`CHUNK#<ks_id>#<generation:06>#<seq:05>` (deterministic: a redelivered
                 job overwrites, never duplicates)
- index version: pk=`PRODUCT#<product>`  sk=`INDEX`
"""

from __future__ import annotations

SOURCE_PREFIX = "SOURCE#"
CHUNK_PREFIX = "CHUNK#"
INDEX_SK = "INDEX"


def partition(product_id: str) -> str:
    return f"PRODUCT#{product_id}"


def source_key(product_id: str, source_id: str) -> dict[str, str]:
    return {"pk": partition(product_id), "sk": f"{SOURCE_PREFIX}{source_id}"}


def chunk_prefix(source_id: str, generation: int | None = None) -> str:
    base = f"{CHUNK_PREFIX}{source_id}#"
    return base if generation is None else f"{base}{generation:06d}#"


def chunk_key(product_id: str, source_id: str, generation: int, seq: int) -> dict[str, str]:
    return {"pk": partition(product_id), "sk": f"{chunk_prefix(source_id, generation)}{seq:05d}"}


def index_key(product_id: str) -> dict[str, str]:
    return {"pk": partition(product_id), "sk": INDEX_SK}

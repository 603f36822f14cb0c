"""KnowledgeTable keys. Everything of one product lives under one partition, so the index loads in one query.

`owner` is `Caller.product_owner` = `<environment>#<account>#<product>`, as for every agent record: a product id
alone is not unique across accounts, and playground and production never share knowledge.

- source:        pk=`PRODUCT#<owner>`  sk=`SOURCE#<ks_id>`
- chunk:         pk=`PRODUCT#<owner>`  sk=`CHUNK#<ks_id>#<generation:06>#<seq:05>` (deterministic: a redelivered
                 job overwrites, never duplicates)
- index version: pk=`PRODUCT#<owner>`  sk=`INDEX`
"""

from __future__ import annotations

SOURCE_PREFIX = "SOURCE#"
CHUNK_PREFIX = "CHUNK#"
INDEX_SK = "INDEX"


def partition(owner: str) -> str:
    return f"PRODUCT#{owner}"


def source_key(owner: str, source_id: str) -> dict[str, str]:
    return {"pk": partition(owner), "sk": f"{SOURCE_PREFIX}{source_id}"}


def chunk_prefix(source_id: str, generation: int | None = None) -> str:
    base = f"{CHUNK_PREFIX}{source_id}#"
    return base if generation is None else f"{base}{generation:06d}#"


def chunk_key(owner: str, source_id: str, generation: int, seq: int) -> dict[str, str]:
    return {"pk": partition(owner), "sk": f"{chunk_prefix(source_id, generation)}{seq:05d}"}


def index_key(owner: str) -> dict[str, str]:
    return {"pk": partition(owner), "sk": INDEX_SK}

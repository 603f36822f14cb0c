"""The index snapshot, compaction and retrieval with in-memory stores behind their ports (no moto): what a question
finds before and after compaction, after a delete or a refresh, and what a process keeps in memory."""

from __future__ import annotations

import pytest

from runa.knowledge.logic import compaction, snapshot
from runa.knowledge.logic.bm25 import BM25Index
from runa.knowledge.logic.retrieval import Retriever
from runa.knowledge.models import SourceRecord, StoredChunk
from tests.unit.knowledge.stores import NOW, OWNER, KnowledgeStores

OTHER = "production#acme#prod-2"


def _ready(stores: KnowledgeStores, owner: str, source_id: str, texts: list[str], generation: int = 1) -> None:
    """A source whose `generation` just became ready: its chunks stored, the source flipped, the version bumped."""
    stores.sources[(owner, source_id)] = SourceRecord(
        owner=owner,
        id=source_id,
        type="text",
        name=f"Name {source_id}",
        created_at=NOW,
        status="ready",
        active_generation=generation,
        pending_generation=generation,
    )
    stores.put_chunks(
        owner, [StoredChunk(source_id=source_id, generation=generation, seq=i, text=t) for i, t in enumerate(texts)]
    )
    stores.bump_index(owner)


def _ask(stores: KnowledgeStores, retriever: Retriever, question: str, owner: str = OWNER) -> list[str]:
    return [f"{p.source_id}:{p.text}" for p in retriever.search(owner, question, 4, stores.retrieval_ports())]


@pytest.fixture
def stores() -> KnowledgeStores:
    return KnowledgeStores()


def test_given_a_snapshot_then_its_ranking_is_bm25s_and_it_opens_without_reading_its_postings() -> None:
    texts = [
        "Refunds take five business days after the return arrives.",
        "Shipping is free on orders over fifty euros.",
        "Returns of opened teapots are refused; refunds are for unopened ones.",
        "Our teapots are made of cast iron and ship in two days.",
    ]
    data = snapshot.pack([snapshot.build_segment([snapshot.Doc("ks_1", 1, i, t) for i, t in enumerate(texts)])])
    exact = BM25Index(list(range(len(texts))), texts)

    segments = snapshot.open_snapshot(data)

    for question in ("how long do refunds take", "is shipping free", "cast iron teapots", "café refunds"):
        assert [h.doc for h in snapshot.search(segments, question, 2)] == [d for d, _ in exact.search(question, 2)]
    assert snapshot.search(segments, "the and of", 4) == []  # stop words only
    assert segments[0].doc(2) == (("ks_1", 1), 2)


def test_given_a_source_ready_after_the_snapshot_then_it_answers_at_once_and_after_compaction_from_the_snapshot(
    stores: KnowledgeStores,
) -> None:
    _ready(stores, OWNER, "ks_a", ["Teapots ship within two days."])
    compaction.compact(OWNER, stores.compaction_ports())
    retriever = Retriever(budget_bytes=10_000_000)
    assert _ask(stores, retriever, "teapots ship") == ["ks_a:Teapots ship within two days."]

    _ready(stores, OWNER, "ks_b", ["Kettles are refunded within five days."])  # not compacted yet

    assert _ask(stores, retriever, "kettles refunded") == ["ks_b:Kettles are refunded within five days."]

    assert compaction.compact(OWNER, stores.compaction_ports()) == "written"
    assert compaction.compact(OWNER, stores.compaction_ports()) == "current"
    stores.chunk_loads.clear()
    assert _ask(stores, retriever, "kettles refunded") == ["ks_b:Kettles are refunded within five days."]
    assert stores.chunk_loads == []  # everything from the snapshot: no chunks read to index
    assert len(stores.snapshots) == 1  # the replaced snapshot was deleted


def test_given_a_deleted_or_refreshed_source_then_its_old_passages_never_answer_even_before_compaction(
    stores: KnowledgeStores,
) -> None:
    _ready(stores, OWNER, "ks_a", ["Llamas graze hay in winter."])
    _ready(stores, OWNER, "ks_b", ["Alpacas eat grass in summer."])
    compaction.compact(OWNER, stores.compaction_ports())
    retriever = Retriever(budget_bytes=10_000_000)
    assert _ask(stores, retriever, "what do llamas graze") == ["ks_a:Llamas graze hay in winter."]

    del stores.sources[(OWNER, "ks_a")]
    stores.bump_index(OWNER)
    _ready(stores, OWNER, "ks_b", ["Alpacas eat pellets in summer."], generation=2)

    assert _ask(stores, retriever, "what do llamas graze") == []
    assert _ask(stores, retriever, "alpacas summer") == ["ks_b:Alpacas eat pellets in summer."]
    assert compaction.compact(OWNER, stores.compaction_ports()) == "written"
    assert _ask(stores, retriever, "alpacas summer") == ["ks_b:Alpacas eat pellets in summer."]
    [segment] = snapshot.open_snapshot(stores.snapshots[stores.pointers[OWNER][0]])
    assert segment.sources == [("ks_b", 2)]  # the compacted snapshot holds only what answers


def test_given_a_snapshot_gone_meanwhile_then_retrieval_indexes_every_source_itself(stores: KnowledgeStores) -> None:
    _ready(stores, OWNER, "ks_a", ["Owls hunt at night."])
    compaction.compact(OWNER, stores.compaction_ports())
    stores.snapshots.clear()

    assert _ask(stores, Retriever(budget_bytes=10_000_000), "owls hunt") == ["ks_a:Owls hunt at night."]


def test_given_full_segments_then_compaction_copies_them_and_rebuilds_only_the_rest(
    stores: KnowledgeStores, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compaction, "FULL_DOCS", 3)
    monkeypatch.setattr(snapshot, "SEGMENT_DOCS", 4)
    _ready(stores, OWNER, "ks_a", ["red apple", "green apple", "yellow apple", "pink apple"])
    compaction.compact(OWNER, stores.compaction_ports())
    [first] = snapshot.open_snapshot(stores.snapshots[stores.pointers[OWNER][0]])
    stores.chunk_loads.clear()

    _ready(stores, OWNER, "ks_b", ["blue plum"])
    assert compaction.compact(OWNER, stores.compaction_ports()) == "written"

    kept, tail = snapshot.open_snapshot(stores.snapshots[stores.pointers[OWNER][0]])
    assert bytes(kept.raw) == bytes(first.raw)  # the full segment was copied, not rebuilt
    assert tail.sources == [("ks_b", 1)]
    assert stores.chunk_loads == [("ks_b", 1)]
    assert _ask(stores, Retriever(budget_bytes=10_000_000), "blue plum") == ["ks_b:blue plum"]


def test_given_two_products_of_100k_chunks_asked_in_turns_then_memory_stays_in_budget_and_answers_stay_right(
    stores: KnowledgeStores,
) -> None:
    # Two products of 50k chunks each; the budget holds one product's index, not both.
    for owner, word in ((OWNER, "alpha"), (OTHER, "beta")):
        for n in range(17):
            texts = [f"{word} item{n}x{seq} stock" for seq in range(3_000)][: 50_000 - n * 3_000]
            _ready(stores, owner, f"ks_{n:02d}", texts)
        compaction.compact(owner, stores.compaction_ports())
    one_product = max(size for _, size in stores.pointers.values())
    retriever = Retriever(budget_bytes=int(one_product * 1.5))
    stores.chunk_loads.clear()

    for turn in range(6):
        owner, word = ((OWNER, "alpha"), (OTHER, "beta"))[turn % 2]
        [hit] = retriever.search(owner, f"item3x{turn}", 1, stores.retrieval_ports())

        assert (hit.source_id, hit.text) == ("ks_03", f"{word} item3x{turn} stock")
        assert list(retriever.cache) == [owner]  # the other product was dropped to stay in budget
        assert retriever.held_bytes <= retriever.budget_bytes
    assert stores.chunk_loads == []  # dropped products come back from their snapshot, never rebuilt from chunks
    assert stores.opened.count(stores.pointers[OWNER][0]) == 3


def test_given_a_new_version_of_a_cached_product_then_the_old_index_is_dropped_before_the_new_one_loads(
    stores: KnowledgeStores,
) -> None:
    _ready(stores, OWNER, "ks_a", ["Owls hunt at night."])
    compaction.compact(OWNER, stores.compaction_ports())
    retriever = Retriever(budget_bytes=10_000_000)
    _ask(stores, retriever, "owls")
    old = retriever.cache[OWNER]
    held_when_loading: list[int] = []
    ports = stores.retrieval_ports()
    real_active = ports.active_sources

    def watching(owner: str) -> list:  # type: ignore[type-arg]
        held_when_loading.append(len(retriever.cache))
        return real_active(owner)

    _ready(stores, OWNER, "ks_b", ["Bats hunt at dusk."])
    from dataclasses import replace

    retriever.search(OWNER, "bats", 4, replace(ports, active_sources=watching))

    assert held_when_loading == [0]  # the previous version was gone before the new one was read
    assert retriever.cache[OWNER] is not old


def test_given_a_source_indexed_after_the_snapshot_then_its_own_segment_answers_without_reading_its_chunks(
    stores: KnowledgeStores,
) -> None:
    _ready(stores, OWNER, "ks_a", ["Owls hunt at night."])
    compaction.compact(OWNER, stores.compaction_ports())
    retriever = Retriever(budget_bytes=10_000_000)
    _ask(stores, retriever, "owls")
    _ready(stores, OWNER, "ks_b", ["Bats hunt at dusk."])
    docs = [snapshot.Doc("ks_b", 1, 0, "Bats hunt at dusk.")]
    stores.put_source_segment(OWNER, "ks_b", 1, snapshot.build_segment(docs))  # as its indexing job does
    stores.chunk_loads.clear()

    assert _ask(stores, retriever, "when do bats hunt")[0] == "ks_b:Bats hunt at dusk."
    assert stores.chunk_loads == []

"""Listing, deleting and refreshing sources, products kept apart, and what retrieval returns meanwhile."""

from __future__ import annotations

import pytest

from runa.core.settings import reset_settings
from runa.knowledge.logic import retrieval
from runa.knowledge.services.retrieval import clear_cache, retriever, search
from tests.integration.knowledge.conftest import PRODUCT, Knowledge, owner
from tests.integration.knowledge.pages import PageServer

OTHER = "prod_kn_beta"


def test_given_a_ready_source_when_deleted_then_gone_from_answers_at_once_and_its_chunks_purged(
    knowledge: Knowledge,
) -> None:
    keep = knowledge.add_text("Hours", "# Opening hours\n\nThe support desk opens at 9 am.")
    drop = knowledge.add_text("Warranty", "# Warranty\n\nEvery device has a two year warranty.")
    knowledge.drain()
    assert [p.source_id for p in search(owner(PRODUCT), "how long is the warranty")] == [drop]

    answer = knowledge.call("DELETE", f"/v1/knowledge/{drop}")

    assert answer.status == 200
    assert answer.body == {"deleted": True, "id": drop}
    # Before the purge job even runs: the index version moved and the source is gone.
    assert search(owner(PRODUCT), "how long is the warranty") == []
    assert [p.source_id for p in search(owner(PRODUCT), "when does support open")] == [keep]
    assert knowledge.call("GET", f"/v1/knowledge/{drop}").status == 404
    assert [s["id"] for s in knowledge.call("GET", "/v1/knowledge").body["sources"]] == [keep]

    knowledge.drain()  # the purge job

    assert all(f"CHUNK#{drop}#" not in key for key in knowledge.chunk_keys())
    assert any(f"CHUNK#{keep}#" in key for key in knowledge.chunk_keys())


def test_given_an_unknown_id_then_get_delete_and_refresh_answer_404_in_the_error_shape(knowledge: Knowledge) -> None:
    for method, path in [
        ("GET", "/v1/knowledge/ks_nope"),
        ("DELETE", "/v1/knowledge/ks_nope"),
        ("POST", "/v1/knowledge/ks_nope/refresh"),
    ]:
        answer = knowledge.call(method, path)
        assert answer.status == 404, (method, path)
        assert answer.body == {
            "type": "not_found",
            "message": "No knowledge source with this id.",
            "help": "/docs/errors#not_found",
        }


def test_given_a_changed_page_when_refreshed_then_the_old_content_answers_until_the_new_is_ready(
    knowledge: Knowledge, pages: PageServer
) -> None:
    url = pages.add("/plans", "<h1>Plans</h1><p>The starter plan costs 10 euros a month.</p>")
    source_id = knowledge.add_url("Plans", url)
    knowledge.drain()
    first = knowledge.source(source_id)
    pages.add("/plans", "<h1>Plans</h1><p>The starter plan now costs 15 euros a month, billed yearly.</p>")

    answer = knowledge.call("POST", f"/v1/knowledge/{source_id}/refresh")

    assert answer.status == 202
    assert answer.body["status"] == "indexing"
    assert answer.body["lastIndexedAt"] == first["lastIndexedAt"]  # what is searchable now is still the first
    [during] = search(owner(PRODUCT), "starter plan cost")
    assert "10 euros" in during.text  # no window without an answer

    knowledge.drain()

    source = knowledge.source(source_id)
    assert source["status"] == "ready"
    [after] = search(owner(PRODUCT), "starter plan cost")
    assert "15 euros" in after.text
    assert len(knowledge.chunk_keys()) == source["stats"]["chunks"]  # the old generation is deleted
    assert all("#000002#" in key for key in knowledge.chunk_keys())


def test_given_a_refresh_that_fails_then_failed_with_the_reason_and_the_previous_content_still_answers(
    knowledge: Knowledge, pages: PageServer
) -> None:
    url = pages.add("/faq", "<h1>FAQ</h1><p>Parcels are insured up to 500 euros.</p>")
    source_id = knowledge.add_url("FAQ", url)
    knowledge.drain()
    del pages.pages["/faq"]

    knowledge.call("POST", f"/v1/knowledge/{source_id}/refresh")
    knowledge.drain()

    source = knowledge.source(source_id)
    assert source["status"] == "failed"
    assert "HTTP 404" in source["error"]
    assert source["stats"]["pages"] == 1  # stats and lastIndexedAt describe what is still searchable
    assert "500 euros" in search(owner(PRODUCT), "parcel insurance")[0].text


def test_given_two_quick_refreshes_then_only_the_last_one_is_indexed(knowledge: Knowledge, pages: PageServer) -> None:
    url = pages.add("/news", "<h1>News</h1><p>Version one of the news.</p>")
    source_id = knowledge.add_url("News", url)
    knowledge.drain()
    pages.add("/news", "<h1>News</h1><p>Version three of the news.</p>")

    knowledge.call("POST", f"/v1/knowledge/{source_id}/refresh")
    knowledge.call("POST", f"/v1/knowledge/{source_id}/refresh")
    knowledge.drain()

    assert knowledge.source(source_id)["status"] == "ready"
    assert all("#000003#" in key for key in knowledge.chunk_keys())
    assert "three" in search(owner(PRODUCT), "news version")[0].text


def test_given_two_products_then_neither_sees_nor_changes_the_others_sources(knowledge: Knowledge) -> None:
    mine = knowledge.add_text("Secret recipe", "Our secret sauce uses smoked paprika.")
    theirs = knowledge.add_text("Their notes", "Their sauce uses chili.", product=OTHER)
    knowledge.drain()

    assert [s["id"] for s in knowledge.call("GET", "/v1/knowledge", product=OTHER).body["sources"]] == [theirs]
    assert knowledge.call("GET", f"/v1/knowledge/{mine}", product=OTHER).status == 404
    assert knowledge.call("DELETE", f"/v1/knowledge/{mine}", product=OTHER).status == 404
    assert knowledge.call("POST", f"/v1/knowledge/{mine}/refresh", product=OTHER).status == 404
    assert [p.source_id for p in search(owner(OTHER), "sauce paprika")] == [theirs]
    assert [p.source_id for p in search(owner(PRODUCT), "sauce paprika")] == [mine]
    assert knowledge.source(mine)["status"] == "ready"


def test_given_the_same_product_id_in_another_account_or_environment_then_its_knowledge_is_not_shared(
    knowledge: Knowledge,
) -> None:
    mine = knowledge.add_text("Secret recipe", "Our secret sauce uses smoked paprika.")
    knowledge.drain()

    for account, environment in [("globex", "playground"), ("acme", "production")]:
        listed = knowledge.call("GET", "/v1/knowledge", account=account, environment=environment)
        assert listed.status == 200
        assert listed.body["sources"] == []
        assert knowledge.call("GET", f"/v1/knowledge/{mine}", account=account, environment=environment).status == 404
        assert search(owner(PRODUCT, account, environment), "secret sauce paprika") == []
    assert [p.source_id for p in search(owner(), "secret sauce paprika")] == [mine]


def test_given_a_key_without_a_product_then_403(knowledge: Knowledge) -> None:
    answer = knowledge.call("GET", "/v1/knowledge", product=None)
    assert answer.status == 403
    assert answer.body["type"] == "forbidden"


def test_given_more_sources_than_the_limit_then_pages_with_a_cursor_in_id_order(knowledge: Knowledge) -> None:
    ids = [knowledge.add_text(f"Doc {n}", f"Document number {n}.") for n in range(3)]

    first = knowledge.call("GET", "/v1/knowledge", query={"limit": ["2"]})
    second = knowledge.call("GET", "/v1/knowledge", query={"limit": ["2"], "cursor": [first.body["nextCursor"]]})

    # Ids are ULIDs: id order is creation order to the millisecond.
    listed = [s["id"] for s in first.body["sources"]] + [s["id"] for s in second.body["sources"]]
    assert listed == sorted(ids)
    assert len(first.body["sources"]) == 2
    assert second.body["nextCursor"] is None
    doc = next(s for s in first.body["sources"] + second.body["sources"] if s["id"] == ids[0])
    assert doc | {"createdAt": "-"} == {
        "id": ids[0],
        "name": "Doc 0",
        "type": "text",
        "status": "indexing",
        "url": None,
        "createdAt": "-",
        "lastIndexedAt": None,
        "error": None,
        "stats": None,
        "followLinks": None,
        "maxPages": None,
        "fileName": None,
        "contentType": None,
        "upload": None,
    }


@pytest.mark.parametrize("query", [{"cursor": ["not-a-cursor"]}, {"limit": ["0"]}, {"limit": ["101"]}])
def test_given_a_bad_cursor_or_limit_then_4xx(knowledge: Knowledge, query: dict[str, list[str]]) -> None:
    answer = knowledge.call("GET", "/v1/knowledge", query=query)
    assert answer.status in (400, 422)
    assert answer.body["type"] in ("pagination_error", "validation_error")


def test_given_a_cached_index_then_a_question_reads_only_the_pointer_until_knowledge_changes(
    knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    knowledge.add_text("Returns", "Returns are free for members.")
    knowledge.drain()
    loads: list[str] = []
    real_load = retrieval.load

    def counting_load(product: str, *args: object) -> object:
        loads.append(product)
        return real_load(product, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(retrieval, "load", counting_load)

    search(owner(PRODUCT), "are returns free")
    search(owner(PRODUCT), "members returns")
    assert loads == [owner(PRODUCT)]  # loaded once, then served from the process's cache

    knowledge.add_text("Exchanges", "Exchanges take three days.")
    knowledge.drain()
    [hit] = search(owner(PRODUCT), "how long do exchanges take")

    assert hit.name == "Exchanges"  # a new source is searchable right after it is ready
    assert loads == [owner(PRODUCT), owner(PRODUCT)]


def test_given_more_cached_bytes_than_the_budget_then_the_least_recently_used_product_is_dropped(
    knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KNOWLEDGE_CACHE_BYTES", "1")
    reset_settings()
    clear_cache()
    knowledge.add_text("Mine", "Alpha facts about llamas.")
    knowledge.add_text("Theirs", "Beta facts about llamas.", product=OTHER)
    knowledge.drain()

    assert search(owner(PRODUCT), "llamas")[0].name == "Mine"
    assert search(owner(OTHER), "llamas")[0].name == "Theirs"

    assert list(retriever().cache) == [owner(OTHER)]  # over the budget: only the most recent product stays
    assert search(owner(PRODUCT), "llamas")[0].name == "Mine"  # loaded again on demand, still right

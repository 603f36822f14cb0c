"""Adding knowledge sources through the API, indexing them through the queue, and what the user then sees."""

from __future__ import annotations

import json
import re

import pytest

from runa.knowledge.data import sources as source_store
from runa.knowledge.logic import indexing
from runa.knowledge.services.retrieval import search
from tests.integration.knowledge.conftest import PRODUCT, ConsumerContext, Knowledge, indexing_consumer, owner
from tests.integration.knowledge.pages import PageServer

HELP_PAGE = """<html><head><title>Acme Help</title><script>var tracking = "refund";</script></head><body>
<nav><a href="/pricing">Pricing</a> <a href="https://elsewhere.example.com/">Partner</a></nav>
<h1>Refunds</h1>
<p>Customers may request a refund within 30 days of purchase by writing to billing@acme.test.</p>
<h2>Exceptions</h2>
<p>Gift cards are final sale and cannot be returned.</p>
<footer>Copyright Acme</footer>
</body></html>"""

PRICING_PAGE = """<html><head><title>Pricing</title></head><body>
<h1>Plans</h1><p>The Team plan costs 12 euros per seat per month.</p><a href="/">Home</a></body></html>"""


def test_given_a_text_source_when_added_then_202_indexing_and_after_the_queue_ready_and_searchable(
    knowledge: Knowledge,
) -> None:
    answer = knowledge.call(
        "POST",
        "/v1/knowledge",
        {"type": "text", "name": "Shipping FAQ", "content": "# Shipping\n\nWe ship to 40 countries within 5 days."},
    )

    assert answer.status == 202
    assert re.fullmatch(r"ks_[0-9a-z]{26}", answer.body["id"])
    assert answer.body["status"] == "indexing"
    assert answer.body["name"] == "Shipping FAQ"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", answer.body["createdAt"])
    assert answer.headers["Location"] == f"/v1/knowledge/{answer.body['id']}"
    assert knowledge.source(answer.body["id"])["status"] == "indexing"
    assert search(owner(PRODUCT), "how many countries do you ship to") == []

    knowledge.drain()

    source = knowledge.source(answer.body["id"])
    assert source["status"] == "ready"
    assert source["stats"] == {"pages": 1, "chunks": 1, "bytes": 50}
    assert source["lastIndexedAt"] and source["error"] is None
    [passage] = search(owner(PRODUCT), "how many countries do you ship to")
    assert passage.source_id == answer.body["id"]
    assert passage.name == "Shipping FAQ"
    assert passage.url is None
    assert "40 countries" in passage.text


def test_given_a_url_source_when_indexed_then_clean_text_with_headings_and_the_page_url(
    knowledge: Knowledge, pages: PageServer
) -> None:
    url = pages.add("/help", HELP_PAGE)

    source_id = knowledge.add_url("Help Center", url)
    knowledge.drain()

    source = knowledge.source(source_id)
    assert source["status"] == "ready", source
    assert source["url"] == url
    assert source["stats"]["pages"] == 1
    assert source["stats"]["bytes"] == len(HELP_PAGE.encode())
    [best, *_] = search(owner(PRODUCT), "can I return a gift card?")
    assert best.url == url
    assert best.text.startswith("Acme Help > Refunds > Exceptions")
    assert "Gift cards are final sale" in best.text
    every = " ".join(
        p.text for p in search(owner(PRODUCT), "refund purchase copyright tracking pricing partner", limit=20)
    )
    assert "tracking" not in every and "Copyright" not in every and "Partner" not in every  # script, nav, footer


def test_given_follow_links_then_same_host_pages_are_indexed_up_to_the_limit(
    knowledge: Knowledge, pages: PageServer
) -> None:
    url = pages.add("/", HELP_PAGE.replace("<h2>", '<p><a href="/pricing">See pricing</a></p><h2>'))
    pages.add("/pricing", PRICING_PAGE)

    source_id = knowledge.add_url("Site", url, followLinks=True, maxPages=5)
    knowledge.drain()

    source = knowledge.source(source_id)
    assert source["status"] == "ready"
    assert source["stats"]["pages"] == 2  # "/" and "/pricing"; never the other host
    assert source["followLinks"] is True and source["maxPages"] == 5
    [best, *_] = search(owner(PRODUCT), "team plan price per seat")
    assert best.url == pages.url("/pricing")
    assert sorted(set(pages.hits)) == ["/", "/pricing", "/robots.txt"]


def test_given_follow_links_with_a_limit_of_one_then_only_the_first_page(
    knowledge: Knowledge, pages: PageServer
) -> None:
    url = pages.add("/", '<h1>Home</h1><p>Welcome home.</p><a href="/pricing">Pricing</a>')
    pages.add("/pricing", PRICING_PAGE)

    source_id = knowledge.add_url("Site", url, followLinks=True, maxPages=1)
    knowledge.drain()

    assert knowledge.source(source_id)["stats"]["pages"] == 1
    assert pages.hits == ["/"]


def test_given_follow_links_then_pages_robots_txt_disallows_are_not_fetched(
    knowledge: Knowledge, pages: PageServer
) -> None:
    url = pages.add("/", '<h1>Home</h1><p>Welcome.</p><a href="/public">Public</a> <a href="/private/a">Private</a>')
    pages.add("/public", "<h1>Public</h1><p>Anyone may read this.</p>")
    pages.add("/private/a", "<h1>Private</h1><p>Crawlers keep out.</p>")
    pages.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")

    source_id = knowledge.add_url("Site", url, followLinks=True, maxPages=10)
    knowledge.drain()

    assert knowledge.source(source_id)["stats"]["pages"] == 2
    assert "/private/a" not in pages.hits
    assert all("Crawlers keep out" not in p.text for p in search(owner(PRODUCT), "crawlers keep out private"))
    assert any("Anyone may read" in p.text for p in search(owner(PRODUCT), "anyone read public"))


@pytest.mark.parametrize(
    ("setup", "error_fragment"),
    [
        (lambda p: p.add("/gone", "missing", status=404, content_type="text/plain"), "HTTP 404"),
        (lambda p: p.add("/private", "no", status=403, content_type="text/plain"), "Only public pages can be indexed"),
        (lambda p: p.add("/slow", "late", delay=3.0), "did not answer in time"),
        (lambda p: p.add("/huge", "x" * 2_100_000, content_type="text/plain"), "larger than 2000 KB"),
        (
            lambda p: p.add("/jump", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}),
            "link-local address, which is not allowed",
        ),
        (
            lambda p: p.add("/intranet", status=301, headers={"Location": "http://10.0.0.7/admin"}),
            "private address, which is not allowed",
        ),
        (lambda p: p.add("/manual.pdf", b"%PDF-1.7", content_type="application/pdf"), "application/pdf; only HTML"),
        (lambda p: p.add("/app", "<html><body><div id=root></div></body></html>"), "no readable text"),
    ],
    ids=["404", "403", "timeout", "too-large", "redirect-to-metadata", "redirect-to-private", "pdf", "empty"],
)
def test_given_a_page_that_cannot_be_indexed_then_failed_with_an_actionable_reason_and_no_retry(
    knowledge: Knowledge, pages: PageServer, monkeypatch: pytest.MonkeyPatch, setup: object, error_fragment: str
) -> None:
    monkeypatch.setattr(indexing, "PAGE_TIMEOUT", 1.0)
    url = setup(pages)  # type: ignore[operator]

    source_id = knowledge.add_url("Broken", url)
    batches = knowledge.drain()

    source = knowledge.source(source_id)
    assert source["status"] == "failed"
    assert error_fragment in source["error"]
    assert source["stats"] is None and source["lastIndexedAt"] is None
    assert batches == 1  # the record succeeded: a user's page problem is not retried
    assert knowledge.dead_letters() == []
    assert knowledge.chunk_keys() == []


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://[::ffff:127.0.0.1]/",
        "ftp://example.com/",
    ],
)
def test_given_a_url_that_is_never_allowed_when_added_then_400_and_nothing_recorded(
    knowledge: Knowledge, url: str
) -> None:
    answer = knowledge.call("POST", "/v1/knowledge", {"type": "url", "name": "Sneaky", "url": url})

    assert answer.status == 400
    assert answer.body["type"] == "unsafe_url"
    assert set(answer.body) == {"type", "message", "help"}
    assert knowledge.call("GET", "/v1/knowledge").body["sources"] == []
    assert knowledge.drain() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"type": "url", "name": "No url"},
        {"type": "text", "content": "no name"},
        {"type": "pdf", "name": "x", "url": "https://example.com/a.pdf"},
        {"type": "text", "name": "", "content": "empty name"},
        {"type": "text", "name": "Huge", "content": "x" * 90_001},
        {"type": "url", "name": "Pages", "url": "https://example.com", "followLinks": True, "maxPages": 26},
        {"type": "text", "name": "Extra", "content": "a", "colour": "blue"},
    ],
    ids=["no-url", "no-name", "bad-type", "empty-name", "text-too-long", "too-many-pages", "unknown-field"],
)
def test_given_an_invalid_body_then_422_with_details(knowledge: Knowledge, body: dict[str, object]) -> None:
    answer = knowledge.call("POST", "/v1/knowledge", body)

    assert answer.status == 422
    assert answer.body["type"] == "validation_error"
    assert answer.body["details"]


def test_given_a_message_delivered_twice_then_chunks_are_not_duplicated(
    knowledge: Knowledge, pages: PageServer
) -> None:
    url = pages.add("/help", HELP_PAGE)
    source_id = knowledge.add_url("Help", url)
    knowledge.outbox.relay()  # the source's write queues its job
    [message] = knowledge.sqs.receive_message(QueueUrl=knowledge.queue_url)["Messages"]
    knowledge.sqs.change_message_visibility(
        QueueUrl=knowledge.queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
    )
    knowledge.send_raw(message["Body"])  # SQS is at-least-once: the same job twice

    knowledge.drain()

    source = knowledge.source(source_id)
    assert source["status"] == "ready"
    assert len(knowledge.chunk_keys()) == source["stats"]["chunks"]


def test_given_a_crash_after_chunks_were_written_then_the_retry_does_not_duplicate_them(
    knowledge: Knowledge, pages: PageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = pages.add("/help", HELP_PAGE)
    source_id = knowledge.add_url("Help", url)
    real_activate = source_store.activate
    calls = []

    def flaky_activate(*args: object, **kwargs: object) -> bool:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("DynamoDB hiccup after the chunks were stored")
        return real_activate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(source_store, "activate", flaky_activate)

    knowledge.drain()

    assert len(calls) == 2  # failed once, retried by SQS, then succeeded
    source = knowledge.source(source_id)
    assert source["status"] == "ready"
    assert len(knowledge.chunk_keys()) == source["stats"]["chunks"]
    assert knowledge.dead_letters() == []


def test_given_a_poison_message_then_it_fails_alone_and_lands_in_the_dlq_after_its_retries(
    knowledge: Knowledge,
) -> None:
    knowledge.send_raw("{not json")
    knowledge.send_job({"kind": "index", "productId": PRODUCT})  # parses, but is not a job
    source_id = knowledge.add_text("Good", "A good source still gets indexed.")

    knowledge.drain()

    assert knowledge.source(source_id)["status"] == "ready"
    dead = knowledge.dead_letters()
    assert sorted(dead) == sorted(["{not json", json.dumps({"kind": "index", "productId": PRODUCT})])


def test_given_a_batch_with_one_bad_record_then_only_that_record_is_reported(knowledge: Knowledge) -> None:
    source_id = knowledge.add_text("Good", "Batch partner text.")
    knowledge.outbox.relay()  # the source's write queues its job
    [message] = knowledge.sqs.receive_message(QueueUrl=knowledge.queue_url)["Messages"]
    event = {
        "Records": [
            {"messageId": "bad-1", "body": "garbage", "receiptHandle": "r1", "eventSource": "aws:sqs"},
            {"messageId": "good-1", "body": message["Body"], "receiptHandle": "r2", "eventSource": "aws:sqs"},
        ]
    }

    result = indexing_consumer(event, ConsumerContext())

    assert result == {"batchItemFailures": [{"itemIdentifier": "bad-1"}]}
    assert knowledge.source(source_id)["status"] == "ready"


def test_given_a_source_deleted_before_its_job_runs_then_the_job_leaves_nothing_behind(
    knowledge: Knowledge, pages: PageServer
) -> None:
    source_id = knowledge.add_url("Help", pages.add("/help", HELP_PAGE))
    assert knowledge.call("DELETE", f"/v1/knowledge/{source_id}").status == 200

    knowledge.drain()

    assert knowledge.chunk_keys() == []
    assert search(owner(PRODUCT), "refund") == []
    assert knowledge.call("GET", f"/v1/knowledge/{source_id}").status == 404


def test_given_too_little_time_left_in_the_invocation_then_the_record_goes_back_and_the_source_stays_indexing(
    knowledge: Knowledge,
) -> None:
    source_id = knowledge.add_text("Late", "Indexed on the next delivery.")
    knowledge.outbox.relay()  # the source's write queues its job
    [message] = knowledge.sqs.receive_message(QueueUrl=knowledge.queue_url)["Messages"]
    event = {"Records": [{"messageId": "m-1", "body": message["Body"], "receiptHandle": "r", "eventSource": "aws:sqs"}]}

    class AlmostOut(ConsumerContext):
        def get_remaining_time_in_millis(self) -> int:
            return 4_000

    with pytest.raises(Exception, match="All records failed"):
        indexing_consumer(event, AlmostOut())  # Powertools raises when every record of the batch failed

    assert knowledge.source(source_id)["status"] == "indexing"  # not blamed on the source: SQS retries it
    assert indexing_consumer(event, ConsumerContext()) == {"batchItemFailures": []}
    assert knowledge.source(source_id)["status"] == "ready"


def test_given_a_text_source_of_blanks_and_headings_only_then_failed_with_the_reason(knowledge: Knowledge) -> None:
    source_id = knowledge.add_text("Empty", "# Title\n\n   \n## Section\n")

    knowledge.drain()

    source = knowledge.source(source_id)
    assert source["status"] == "failed"
    assert source["error"] == "The text has nothing to index (only blanks or headings); add some content."

"""Knowledge through the local API, as a user sees it: add text and URL sources (pages served on loopback, which
only the local setting allows), watch them go indexing -> ready or failed, ask the agent, refresh, delete."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.e2e.conftest import LocalApiProcess
from tests.integration.knowledge.pages import PageServer
from tests.pdfs import text_pdf

pytestmark = pytest.mark.e2e

TIMEOUT = 30
PRODUCT = "prod_kn_e2e"


@pytest.fixture(scope="module")
def agent_key(local_api: LocalApiProcess) -> str:
    return local_api.create_key("playground", "acme", product=PRODUCT)


@pytest.fixture
def pages() -> Iterator[PageServer]:
    server = PageServer()
    yield server
    server.close()


class Client:
    def __init__(self, api: LocalApiProcess, key: str) -> None:
        self.api = api
        self.headers = {"Authorization": f"Bearer {key}"}

    def post(self, path: str, body: Any = None) -> requests.Response:
        return requests.post(self.api.url(path), json=body, headers=self.headers, timeout=TIMEOUT)

    def get(self, path: str) -> requests.Response:
        return requests.get(self.api.url(path), headers=self.headers, timeout=TIMEOUT)

    def delete(self, path: str) -> requests.Response:
        return requests.delete(self.api.url(path), headers=self.headers, timeout=TIMEOUT)

    def add(self, body: dict[str, Any]) -> str:
        response = self.post("/v1/knowledge", body)
        assert response.status_code == 202, response.text
        assert response.json()["status"] == "indexing"
        return str(response.json()["id"])

    def settled(self, source_id: str, *, not_before: str | None = None, wait: float = 30) -> dict[str, Any]:
        """Poll until the source leaves `indexing` (and, after a refresh, was indexed after `not_before`)."""
        deadline = time.monotonic() + wait
        while True:
            source: dict[str, Any] = self.get(f"/v1/knowledge/{source_id}").json()
            fresh = not_before is None or (source.get("lastIndexedAt") or "") > not_before or source["error"]
            if source["status"] != "indexing" and fresh:
                return source
            if time.monotonic() > deadline:
                raise AssertionError(f"still indexing after {wait}s: {source}\n{self.api.log()[-3000:]}")
            time.sleep(0.2)

    def ask(self, message: str) -> dict[str, Any]:
        response = self.post("/v1/chat", {"productId": PRODUCT, "message": message})
        assert response.status_code == 200, response.text
        return dict(response.json())


@pytest.fixture
def client(local_api: LocalApiProcess, agent_key: str) -> Client:
    return Client(local_api, agent_key)


def test_given_a_text_and_a_url_source_then_ready_answered_with_citations_and_gone_once_deleted(
    client: Client, pages: PageServer
) -> None:
    text_id = client.add(
        {"type": "text", "name": "Warranty", "content": "# Warranty\n\nEvery kettle has a 3 year warranty."}
    )
    url = pages.add(
        "/shipping",
        "<html><head><title>Shipping</title></head><body><h1>Delivery</h1>"
        "<p>Teapots are delivered by courier within 48 hours.</p></body></html>",
    )
    url_id = client.add({"type": "url", "name": "Shipping page", "url": url})

    text_source, url_source = client.settled(text_id), client.settled(url_id)

    assert text_source["status"] == "ready" and text_source["stats"]["chunks"] == 1
    assert url_source["status"] == "ready" and url_source["stats"]["pages"] == 1
    listed = {s["id"]: s["status"] for s in client.get("/v1/knowledge").json()["sources"]}
    assert listed[text_id] == listed[url_id] == "ready"
    answer = client.ask("How fast are teapots delivered?")
    assert "48 hours" in answer["reply"]
    assert {"sourceId": url_id, "name": "Shipping page", "url": url} in [
        {k: c[k] for k in ("sourceId", "name", "url")} for c in answer["citations"]
    ]

    deleted = client.delete(f"/v1/knowledge/{url_id}")

    assert deleted.status_code == 200 and deleted.json() == {"deleted": True, "id": url_id}
    after = client.ask("How fast are teapots delivered?")
    assert "48 hours" not in after["reply"]
    assert all(c["sourceId"] != url_id for c in after["citations"])
    assert client.get(f"/v1/knowledge/{url_id}").status_code == 404


def test_given_pages_that_cannot_be_indexed_then_each_fails_with_its_reason(client: Client, pages: PageServer) -> None:
    cases = {
        "HTTP 404": pages.add("/missing", "gone", status=404, content_type="text/plain"),
        "did not answer in time": pages.add("/slow", "late", delay=8.0),
        "larger than 2000 KB": pages.add("/huge", "x" * 2_100_000, content_type="text/plain"),
        "link-local address, which is not allowed": pages.add(
            "/jump", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
        ),
        "only HTML, plain text and Markdown": pages.add("/file.pdf", b"%PDF-1.7", content_type="application/pdf"),
    }
    ids = {reason: client.add({"type": "url", "name": reason, "url": url}) for reason, url in cases.items()}

    for reason, source_id in ids.items():
        source = client.settled(source_id)
        assert source["status"] == "failed", source
        assert reason in source["error"], source


def test_given_a_private_address_when_added_then_400_unsafe_url(client: Client) -> None:
    response = client.post("/v1/knowledge", {"type": "url", "name": "Metadata", "url": "http://169.254.169.254/"})

    assert response.status_code == 400
    assert response.json()["type"] == "unsafe_url"


def test_given_a_changed_page_when_refreshed_then_the_agent_answers_from_the_new_content(
    client: Client, pages: PageServer
) -> None:
    url = pages.add("/opening", "<h1>Opening hours</h1><p>The tea shop opens at 8 am on Sundays.</p>")
    source_id = client.add({"type": "url", "name": "Opening hours", "url": url})
    first = client.settled(source_id)
    assert "8 am" in client.ask("When does the tea shop open on Sundays?")["reply"]
    pages.add("/opening", "<h1>Opening hours</h1><p>The tea shop opens at 10 am on Sundays.</p>")
    time.sleep(1.1)  # lastIndexedAt has one-second resolution

    refreshed = client.post(f"/v1/knowledge/{source_id}/refresh")

    assert refreshed.status_code == 202 and refreshed.json()["status"] == "indexing"
    source = client.settled(source_id, not_before=first["lastIndexedAt"])
    assert source["status"] == "ready"
    reply = client.ask("When does the tea shop open on Sundays?")["reply"]
    assert "10 am" in reply and "8 am" not in reply


def test_given_another_products_key_then_it_sees_none_of_these_sources(
    client: Client, local_api: LocalApiProcess
) -> None:
    source_id = client.add({"type": "text", "name": "Private", "content": "Only for prod_kn_e2e."})
    other = Client(local_api, local_api.create_key("playground", "acme", product="prod_kn_e2e_other"))

    assert other.get(f"/v1/knowledge/{source_id}").status_code == 404
    assert all(s["id"] != source_id for s in other.get("/v1/knowledge").json()["sources"])


@pytest.mark.parametrize(
    ("file_name", "content_type", "data", "question", "fact"),
    [
        (
            "zephyr.pdf",
            "application/pdf",
            text_pdf(["Zephyr kettles carry a 4 year warranty.", "Keep the receipt."]),
            "How long is the warranty on Zephyr kettles?",
            "4 year warranty",
        ),
        (
            "quokka.md",
            "text/markdown",
            b"# Warranty\n\nQuokka teapots carry a 6 year warranty.\n",
            "How long is the warranty on Quokka teapots?",
            "6 year warranty",
        ),
    ],
)
def test_given_a_file_uploaded_to_its_upload_url_then_it_is_indexed_and_answers_with_a_citation(
    client: Client, file_name: str, content_type: str, data: bytes, question: str, fact: str
) -> None:
    added = client.post(
        "/v1/knowledge",
        {
            "type": "file",
            "name": f"Warranty {file_name}",
            "fileName": file_name,
            "contentType": content_type,
            "size": len(data),
        },
    )
    assert added.status_code == 202, added.text
    source = added.json()
    assert (source["status"], source["fileName"], source["upload"]["method"]) == ("awaiting_upload", file_name, "PUT")

    put = requests.put(source["upload"]["url"], data=data, headers=source["upload"]["headers"], timeout=TIMEOUT)
    assert put.status_code == 200, put.text
    assert client.post(f"/v1/knowledge/{source['id']}/refresh").status_code == 202
    ready = client.settled(source["id"])

    assert (ready["status"], ready["error"], ready["stats"]["bytes"]) == ("ready", None, len(data))
    answer = client.ask(question)
    assert fact in answer["reply"]
    assert source["id"] in [citation["sourceId"] for citation in answer["citations"]]
    assert client.delete(f"/v1/knowledge/{source['id']}").status_code == 200

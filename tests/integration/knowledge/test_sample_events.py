"""The knowledge sample events (events/v1_knowledge*.json, events/sqs_indexing.json, what `sam local invoke -e`
takes) run through their functions and answer what a user would expect."""

from __future__ import annotations

import json
import socket
from typing import Any

from tests.conftest import load_event, response_json
from tests.integration.knowledge.conftest import ConsumerContext, Knowledge, indexing_consumer, knowledge_api

SAMPLE_ID = "ks_01jd0example0000000000000"


def _invoke(name: str, lambda_context: Any, path_id: str | None = None) -> tuple[int, Any]:
    event = load_event(name)
    if path_id:
        event["path"] = event["path"].replace(SAMPLE_ID, path_id)
        event["pathParameters"] = {"source_id": path_id}
    response = knowledge_api(event, lambda_context)
    return response["statusCode"], response_json(response)


def test_given_the_sample_events_then_create_list_get_refresh_delete_behave(
    knowledge: Knowledge, lambda_context: Any
) -> None:
    status, created = _invoke("v1_knowledge_create_text.json", lambda_context)
    assert status == 202 and created["status"] == "indexing"

    assert _invoke("v1_knowledge_list.json", lambda_context)[1]["sources"][0]["id"] == created["id"]
    assert _invoke("v1_knowledge_get.json", lambda_context)[0] == 404  # the sample id does not exist
    assert _invoke("v1_knowledge_get.json", lambda_context, created["id"])[1]["name"] == "Refund policy"
    assert _invoke("v1_knowledge_refresh.json", lambda_context, created["id"])[0] == 202
    assert _invoke("v1_knowledge_delete.json", lambda_context, created["id"]) == (
        200,
        {"deleted": True, "id": created["id"]},
    )


def test_given_the_url_sample_then_refused_or_accepted_by_its_address_only(
    knowledge: Knowledge, lambda_context: Any, monkeypatch: Any
) -> None:
    # docs.yourproduct.com is not resolvable offline: give it a public address, as real DNS would.
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: (
            [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
            if host == "docs.yourproduct.com"
            else real(host, port, *a, **k)
        ),
    )
    status, created = _invoke("v1_knowledge_create.json", lambda_context)

    assert status == 202
    assert created["url"] == "https://docs.yourproduct.com"
    assert created["followLinks"] is True and created["maxPages"] == 10


def test_given_the_sqs_sample_for_a_source_that_does_not_exist_then_the_record_succeeds(knowledge: Knowledge) -> None:
    event = load_event("sqs_indexing.json")
    assert json.loads(event["Records"][0]["body"])["sourceId"] == SAMPLE_ID

    assert indexing_consumer(event, ConsumerContext()) == {"batchItemFailures": []}

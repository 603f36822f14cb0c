"""The local API's moto server (devtools.moto_server, its own process) keeps DynamoDB's all-or-nothing transactions
while it saves only the items a transaction names (`roll_back_items_not_tables`): a cancelled transaction leaves
every item as it was, new ones unwritten, and a committed one writes all of them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from devtools.moto_server import MotoProcess

TABLE = "ledger"


@pytest.fixture(scope="module")
def dynamodb() -> Iterator[Any]:
    server = MotoProcess()
    server.start()
    host, port = server.get_host_and_port()
    client = boto3.client(
        "dynamodb",
        endpoint_url=f"http://{host}:{port}",
        region_name="eu-west-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    client.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    try:
        yield client
    finally:
        server.stop()


def _key(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def _items(client: Any, pk: str) -> dict[str, dict[str, Any]]:
    answer = client.query(
        TableName=TABLE, KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": {"S": pk}}
    )
    return {item["sk"]["S"]: item for item in answer["Items"]}


def _debit(pk: str, amount: str, order: str) -> list[dict[str, Any]]:
    """An order's transaction: debit the balance if it covers the amount, write the order and its ledger line."""
    return [
        {
            "Update": {
                "TableName": TABLE,
                "Key": _key(pk, "balance"),
                "UpdateExpression": "SET amount = amount - :a",
                "ConditionExpression": "amount >= :a",
                "ExpressionAttributeValues": {":a": {"N": amount}},
            }
        },
        {"Put": {"TableName": TABLE, "Item": {**_key(pk, f"order#{order}"), "amount": {"N": amount}}}},
        {
            "Put": {
                "TableName": TABLE,
                "Item": {**_key(pk, f"ledger#{order}"), "amount": {"N": f"-{amount}"}},
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        },
    ]


def test_given_a_transaction_that_is_cancelled_after_writing_then_every_item_is_as_before(dynamodb: Any) -> None:
    # Given a balance of 10, one order and its ledger line (o1)
    dynamodb.put_item(TableName=TABLE, Item={**_key("acct-a", "balance"), "amount": {"N": "10"}})
    dynamodb.transact_write_items(TransactItems=_debit("acct-a", "4", "o1"))
    before = _items(dynamodb, "acct-a")
    assert before["balance"]["amount"] == {"N": "6"} and set(before) == {"balance", "order#o1", "ledger#o1"}

    # When a transaction debits and writes an order, then fails on its last item (o1's ledger line exists)
    transaction = _debit("acct-a", "1", "o2")
    transaction[2]["Put"]["Item"] = {**_key("acct-a", "ledger#o1"), "amount": {"N": "-1"}}
    with pytest.raises(ClientError) as cancelled:
        dynamodb.transact_write_items(TransactItems=transaction)

    # Then it is cancelled and nothing moved: same balance, no new order, the old ledger line untouched
    assert cancelled.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert _items(dynamodb, "acct-a") == before


def test_given_a_balance_too_small_then_the_transaction_writes_nothing_and_a_covered_one_writes_all(
    dynamodb: Any,
) -> None:
    dynamodb.put_item(TableName=TABLE, Item={**_key("acct-b", "balance"), "amount": {"N": "3"}})

    with pytest.raises(ClientError) as refused:
        dynamodb.transact_write_items(TransactItems=_debit("acct-b", "5", "o1"))
    dynamodb.transact_write_items(TransactItems=_debit("acct-b", "2", "o2"))

    assert refused.value.response["Error"]["Code"] == "TransactionCanceledException"
    items = _items(dynamodb, "acct-b")
    assert set(items) == {"balance", "order#o2", "ledger#o2"}
    assert items["balance"]["amount"] == {"N": "1"}
    assert items["ledger#o2"]["amount"] == {"N": "-2"}

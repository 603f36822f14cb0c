"""runa.core.dynamodb: our attribute-value mapping is boto3's (TypeSerializer / TypeDeserializer) on a table of values,
edge cases included; the table handle, batch writer, batch read and transactions take and give plain values against
moto; and nothing the layer's data access imports loads boto3."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from boto3.dynamodb.types import Binary, TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from devtools.infra import Infra
from runa.core import aws as runa_aws
from runa.core import dynamodb

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "layers" / "shared"

VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    2**64,
    10**37,
    -(10**38) + 1,  # 38 digits, the most DynamoDB keeps
    Decimal("1.5"),
    Decimal("-0.010"),
    Decimal("100.00"),
    Decimal("0E-8"),
    Decimal("1E+125"),
    Decimal("9.9999999999999999999999999999999999999E+125"),
    Decimal("1E-130"),
    "",
    "text",
    "ünï\u0000cödé 🎁",
    b"",
    b"\x00\xff",
    bytearray(b"ab"),
    {1, 2, Decimal("2.50")},
    {True, 2},  # bool is an int to boto3 inside a set: a number set
    {"a", "b"},
    frozenset({"x"}),
    {b"a", b"b"},
    set(),  # boto3 calls an empty set a number set (DynamoDB refuses it)
    [],
    (),
    [1, "a", None, [True, b"x"], {"k": Decimal("0.1")}],
    (1, "tuple"),
    {},
    {"pk": "ACCOUNT#production#acme", "balance": Decimal("976.50"), "tags": {"x"}, "nested": {"l": [{"m": {}}]}},
]

REFUSED: list[Any] = [
    1.5,
    [1.5],
    {"amount": 0.1},
    {1.5},
    Decimal("Infinity"),
    Decimal("NaN"),
    10**38 + 1,  # 39 digits: not rounded, refused (decimal.Inexact)
    Decimal("1.00000000000000000000000000000000000001"),
    Decimal("1E+200"),  # decimal.Overflow
    Decimal("1E-200"),  # decimal.Underflow
    object(),
    {1, "a"},  # a set of mixed types
    {"nested": [object()]},
]

TYPED: list[dict[str, Any]] = [
    {"NULL": True},
    {"BOOL": True},
    {"BOOL": False},
    {"N": "0"},
    {"N": "-0.010"},
    {"N": "100.00"},
    {"N": "1E+125"},
    {"N": "12345678901234567890123456789012345678"},
    {"N": "1E-130"},
    {"S": ""},
    {"S": "ünïcödé"},
    {"B": b""},
    {"B": b"\x00\xff"},
    {"NS": ["1", "2.50", "-3"]},
    {"SS": ["a", "b"]},
    {"SS": []},
    {"BS": [b"a", b"b"]},
    {"L": []},
    {"L": [{"S": "a"}, {"N": "1"}, {"NULL": True}, {"L": [{"BOOL": False}]}]},
    {"M": {}},
    {"M": {"a": {"M": {"b": {"L": [{"NS": ["1"]}, {"B": b"x"}]}}}, "c": {"SS": ["z"]}}},
]


def _ids(values: list[Any]) -> list[str]:
    """Stable test ids (a set's repr, like an object's, differs between worker processes)."""
    return [f"{index}-{type(value).__name__}" for index, value in enumerate(values)]


def _canon(value: Any) -> Any:
    """A value in a form where equal means equal type and value (Decimal's exponent included, Binary as bytes)."""
    if isinstance(value, Binary):
        return ("B", bytes(value.value))
    if isinstance(value, bytes | bytearray):
        return ("B", bytes(value))
    if isinstance(value, Decimal):
        return ("N", str(value))
    if isinstance(value, set | frozenset):
        return ("set", sorted(map(repr, map(_canon, value))))
    if isinstance(value, dict):
        return ("M", {name: _canon(member) for name, member in value.items()})
    if isinstance(value, list):
        return ("L", [_canon(member) for member in value])
    return (type(value).__name__, value)


@pytest.mark.parametrize("value", VALUES, ids=_ids(VALUES))
def test_serialize_agrees_with_boto3(value: Any) -> None:
    assert dynamodb.serialize(value) == TypeSerializer().serialize(value)


@pytest.mark.parametrize("value", REFUSED, ids=_ids(REFUSED))
def test_serialize_refuses_what_boto3_refuses_with_the_same_error(value: Any) -> None:
    with pytest.raises(Exception) as theirs:  # whichever boto3 raises
        TypeSerializer().serialize(value)
    with pytest.raises(type(theirs.value)):
        dynamodb.serialize(value)


def test_serialize_refuses_minus_infinity_which_boto3_passes_on_for_dynamodb_to_refuse() -> None:
    # The one difference: boto3 lets "-Infinity" through as a number, and DynamoDB answers ValidationException.
    assert TypeSerializer().serialize(Decimal("-Infinity")) == {"N": "-Infinity"}
    with pytest.raises(TypeError):
        dynamodb.serialize(Decimal("-Infinity"))


@pytest.mark.parametrize("value", TYPED, ids=_ids(TYPED))
def test_deserialize_agrees_with_boto3(value: dict[str, Any]) -> None:
    ours = dynamodb.deserialize(value)

    assert _canon(ours) == _canon(TypeDeserializer().deserialize(value))
    assert ours == TypeDeserializer().deserialize(value)  # boto3's Binary equals the bytes we give back


@pytest.mark.parametrize("value", [{}, {"X": "1"}], ids=repr)
def test_deserialize_refuses_what_boto3_refuses(value: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        TypeDeserializer().deserialize(value)
    with pytest.raises(TypeError):
        dynamodb.deserialize(value)


ROUND_TRIP = [value for value in VALUES if not isinstance(value, tuple | set | frozenset)]


@pytest.mark.parametrize("value", ROUND_TRIP, ids=_ids(ROUND_TRIP))
def test_a_value_survives_the_round_trip(value: Any) -> None:
    back = dynamodb.deserialize(dynamodb.serialize(value))

    assert back == value
    if isinstance(value, Decimal):
        assert str(back) == str(value)


# ---------------------------------------------------------------- against moto


def test_a_table_takes_and_gives_plain_values(aws: Infra) -> None:
    table = dynamodb.Table(aws_client(), aws.physical["AccountsTable"])
    item = {"pk": "T#1", "sk": "A", "balance": Decimal("10.50"), "tags": {"a"}, "doc": {"l": [1, None, True]}}

    table.put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
    updated = table.update_item(
        Key={"pk": "T#1", "sk": "A"},
        UpdateExpression="SET balance = balance - :amount",
        ConditionExpression="balance >= :amount",
        ExpressionAttributeValues={":amount": Decimal("0.25")},
        ReturnValues="ALL_NEW",
    )["Attributes"]
    table.put_item(Item={"pk": "T#1", "sk": "B"})
    page = table.query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues={":pk": "T#1", ":prefix": "A"},
    )

    assert updated == {**item, "balance": Decimal("10.25"), "doc": {"l": [Decimal(1), None, True]}}
    assert page["Items"] == [updated]
    assert table.get_item(Key={"pk": "T#1", "sk": "A"}, ConsistentRead=True)["Item"] == updated
    assert table.delete_item(Key={"pk": "T#1", "sk": "B"}, ReturnValues="ALL_OLD")["Attributes"] == {
        "pk": "T#1",
        "sk": "B",
    }
    with pytest.raises(ClientError) as failed:
        table.put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
    assert failed.value.response["Error"]["Code"] == "ConditionalCheckFailedException"


def test_the_batch_writer_sends_everything_and_a_later_request_for_a_key_replaces_the_buffered_one(aws: Infra) -> None:
    table = dynamodb.Table(aws_client(), aws.physical["ProductsTable"])

    with table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as batch:
        for number in range(60):
            batch.put_item(Item={"pk": f"P#{number:02d}", "sk": "P", "version": 1})
        batch.put_item(Item={"pk": "P#59", "sk": "P", "version": 2})
    with table.batch_writer() as batch:
        for number in range(30):
            batch.delete_item(Key={"pk": f"P#{number:02d}", "sk": "P"})
    items = _scan(table)

    assert sorted(item["pk"] for item in items) == [f"P#{number:02d}" for number in range(30, 60)]
    assert {item["pk"]: item["version"] for item in items}["P#59"] == 2


def test_a_batch_read_over_two_tables_gives_plain_items(aws: Infra) -> None:
    accounts = dynamodb.Table(aws_client(), aws.physical["AccountsTable"])
    products = dynamodb.Table(aws_client(), aws.physical["ProductsTable"])
    accounts.put_item(Item={"pk": "A", "sk": "1", "n": 1})
    products.put_item(Item={"pk": "P", "sk": "1", "s": {"x"}})

    response = dynamodb.batch_get_item(
        RequestItems={
            accounts.name: {"Keys": [{"pk": "A", "sk": "1"}, {"pk": "A", "sk": "missing"}], "ConsistentRead": True},
            products.name: {"Keys": [{"pk": "P", "sk": "1"}]},
        }
    )

    assert response["Responses"] == {
        accounts.name: [{"pk": "A", "sk": "1", "n": Decimal(1)}],
        products.name: [{"pk": "P", "sk": "1", "s": {"x"}}],
    }
    assert response["UnprocessedKeys"] == {}


def test_a_cancelled_transaction_writes_nothing_and_says_why(aws: Infra) -> None:
    table = dynamodb.Table(aws_client(), aws.physical["AccountsTable"])
    table.put_item(Item={"pk": "B", "sk": "USD", "balance": Decimal("5.00")})
    debit = {
        "Update": {
            "TableName": table.name,
            "Key": {"pk": "B", "sk": "USD"},
            "UpdateExpression": "SET balance = balance - :amount",
            "ConditionExpression": "balance >= :amount",
            "ExpressionAttributeValues": {":amount": Decimal("5.01")},
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
    }
    movement = {"Put": {"TableName": table.name, "Item": {"pk": "B", "sk": "LEDGER#1", "amount": Decimal("-5.01")}}}

    with pytest.raises(ClientError) as cancelled:
        dynamodb.transact_write_items(TransactItems=[debit, movement])
    first, second = cancelled.value.response["CancellationReasons"]  # type: ignore[typeddict-item]

    assert first["Code"] == "ConditionalCheckFailed"
    assert dynamodb.plain(first["Item"]) == {"pk": "B", "sk": "USD", "balance": Decimal("5.00")}
    assert second["Code"] == "None"
    assert _scan(table) == [{"pk": "B", "sk": "USD", "balance": Decimal("5.00")}]


def aws_client() -> Any:
    return runa_aws.client("dynamodb")


def _scan(table: dynamodb.Table) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {}
    while True:
        page = table.scan(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


# ---------------------------------------------------------------- no boto3


def test_importing_the_aws_access_and_every_data_module_loads_no_boto3() -> None:
    modules = ["runa.core.aws", "runa.core.dynamodb", "runa.auth.store"]
    for data in sorted(LAYER.glob("runa/*/data")):
        package = ".".join(data.relative_to(LAYER).parts)
        modules += [f"{package}.{info.name}" for info in pkgutil.iter_modules([str(data)])]
    probe = (
        "import importlib, json, sys\n"
        "for name in sys.argv[1:]: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(LAYER), str(ROOT)])}

    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", probe, *modules], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        ).stdout
    )

    assert len(modules) > 20
    assert "botocore.client" in loaded or "botocore.session" in loaded
    assert [name for name in loaded if name == "boto3" or name.startswith("boto3.")] == []

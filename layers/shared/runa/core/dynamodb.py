"""DynamoDB through botocore's low-level client, with items as plain Python values (what boto3's resource API gives).

Why our own (de)serialiser and table handle instead of boto3's: `boto3.dynamodb` (TypeSerializer, the condition
builder, Table) cannot be imported without the boto3 package's __init__, which loads boto3.session, the resource
factory, its docs, s3transfer and multiprocessing: about 83 M instructions, 7% of the cold-start floor, on every
cold start of every function; a resource's Table also costs about 40 M more than a client on the first request.
What the data modules need of it is the value mapping below and a handful of operations: a few dozen lines.

The mapping is boto3's TypeSerializer / TypeDeserializer (tests/unit/test_dynamodb.py compares the two on a table
of values):

    Python                                  DynamoDB
    None                                    {"NULL": True}
    bool                                    {"BOOL": ...}
    int, Decimal                            {"N": "..."}   read back as Decimal (38 digits, DynamoDB's range)
    str                                     {"S": ...}
    bytes, bytearray                        {"B": ...}     read back as bytes (boto3: its Binary, equal to them)
    a set of numbers / str / bytes          {"NS" | "SS" | "BS": [...]}, read back as a set
    a Mapping                               {"M": {...}}   read back as dict
    list, tuple                             {"L": [...]}   read back as list
    float                                   refused (TypeError): use Decimal; so are Infinity and NaN.

Requests and answers are the client's own (expressions are strings, `KeyConditionExpression="pk = :pk"`), with
`Key`, `Item`, `ExclusiveStartKey` and `ExpressionAttributeValues` given as plain values, and `Item`, `Items`,
`Attributes`, `LastEvaluatedKey` (and a batch read's `Responses` and `UnprocessedKeys`) given back as plain values.
An error's own items (a failed condition's `Item`, a cancelled transaction's reasons) stay typed: `plain` reads
them. Every operation goes through one call by name (`_call`), so the least-privilege test
(tests/unit/test_template_operations.py) still finds only the calls that data modules themselves make.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Set
from decimal import Clamped, Context, Decimal, Inexact, Overflow, Rounded, Underflow
from types import TracebackType
from typing import Any

from runa.core import aws

# DynamoDB's numbers: 38 significant digits, exponents within its range; anything else is an error, never rounded.
NUMBER_CONTEXT = Context(Emin=-128, Emax=126, prec=38, traps=[Clamped, Overflow, Inexact, Rounded, Underflow])

# Request parameters that hold attribute values by name (an item, a key, or an expression's values).
_VALUE_MAPS = ("Key", "Item", "ExclusiveStartKey", "ExpressionAttributeValues")
# BatchWriteItem takes at most 25 requests; an unprocessed rest is sent again after a short pause.
_BATCH_WRITE_MAX = 25
_UNPROCESSED_PAUSE_SECONDS = 0.05


# ---------------------------------------------------------------- values


def _is_number(value: Any) -> bool:
    if isinstance(value, float):
        raise TypeError("Float types are not supported. Use Decimal types instead.")
    return isinstance(value, int | Decimal)


def _number(value: int | Decimal) -> str:
    number = NUMBER_CONTEXT.create_decimal(value)
    if not number.is_finite():
        raise TypeError("Infinity and NaN not supported")
    return str(number)


def serialize(value: Any) -> dict[str, Any]:
    """One Python value as a DynamoDB attribute value (the order of the checks is boto3's)."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if _is_number(value):
        return {"N": _number(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, bytes | bytearray):
        return {"B": value}
    if isinstance(value, Set):
        if all(_is_number(member) for member in value):
            return {"NS": [_number(member) for member in value]}
        if all(isinstance(member, str) for member in value):
            return {"SS": list(value)}
        if all(isinstance(member, bytes | bytearray) for member in value):
            return {"BS": list(value)}
    if isinstance(value, Mapping):
        return {"M": {name: serialize(member) for name, member in value.items()}}
    if isinstance(value, list | tuple):
        return {"L": [serialize(member) for member in value]}
    raise TypeError(f'Unsupported type "{type(value)}" for value "{value}"')


def deserialize(value: Mapping[str, Any]) -> Any:
    """One DynamoDB attribute value as a Python value."""
    if not value:
        raise TypeError("Value must be a nonempty dictionary whose key is a valid dynamodb type.")
    kind, data = next(iter(value.items()))
    if kind == "S":
        return data
    if kind == "N":
        return NUMBER_CONTEXT.create_decimal(data)
    if kind == "M":
        return {name: deserialize(member) for name, member in data.items()}
    if kind == "L":
        return [deserialize(member) for member in data]
    if kind == "BOOL":
        return data
    if kind == "NULL":
        return None
    if kind == "B":
        return data
    if kind == "SS":
        return set(data)
    if kind == "NS":
        return {NUMBER_CONTEXT.create_decimal(member) for member in data}
    if kind == "BS":
        return set(data)
    raise TypeError(f"Dynamodb type {kind} is not supported")


def typed(values: Mapping[str, Any]) -> dict[str, Any]:
    """An item (or key, or expression values) of plain values in DynamoDB's typed form."""
    return {name: serialize(value) for name, value in values.items()}


def plain(item: Mapping[str, Any]) -> dict[str, Any]:
    """An item in DynamoDB's typed form as plain values."""
    return {name: deserialize(value) for name, value in item.items()}


# ---------------------------------------------------------------- requests


def _typed_request(request: Mapping[str, Any]) -> dict[str, Any]:
    return {name: typed(value) if name in _VALUE_MAPS else value for name, value in request.items()}


def _plain_response(response: dict[str, Any]) -> dict[str, Any]:
    for name in ("Item", "Attributes", "LastEvaluatedKey"):
        if name in response:
            response[name] = plain(response[name])
    if "Items" in response:
        response["Items"] = [plain(item) for item in response["Items"]]
    return response


def _call(client: Any, operation: str, request: dict[str, Any]) -> dict[str, Any]:
    response: dict[str, Any] = getattr(client, operation)(**request)
    return response


class Table:
    """One table on a botocore client: the operations the data modules use, taking and giving plain values."""

    def __init__(self, client: Any, name: str) -> None:
        self.client = client
        self.name = name

    def _request(self, operation: str, request: Mapping[str, Any]) -> dict[str, Any]:
        typed_request = {"TableName": self.name, **_typed_request(request)}
        return _plain_response(_call(self.client, operation, typed_request))

    def get_item(self, **request: Any) -> dict[str, Any]:
        return self._request("get_item", request)

    def put_item(self, **request: Any) -> dict[str, Any]:
        return self._request("put_item", request)

    def update_item(self, **request: Any) -> dict[str, Any]:
        return self._request("update_item", request)

    def delete_item(self, **request: Any) -> dict[str, Any]:
        return self._request("delete_item", request)

    def query(self, **request: Any) -> dict[str, Any]:
        return self._request("query", request)

    def scan(self, **request: Any) -> dict[str, Any]:
        return self._request("scan", request)

    def batch_writer(self, overwrite_by_pkeys: list[str] | None = None) -> BatchWriter:
        return BatchWriter(self, overwrite_by_pkeys)


class BatchWriter:
    """Puts and deletes sent in BatchWriteItem requests of 25, unprocessed ones sent again, all of them by the end
    of the `with` block (as boto3's batch writer does; with `overwrite_by_pkeys`, a later request for the same key
    replaces a buffered one)."""

    def __init__(self, table: Table, overwrite_by_pkeys: list[str] | None) -> None:
        self._table = table
        self._keys = overwrite_by_pkeys
        self._buffer: list[dict[str, Any]] = []

    def put_item(self, Item: Mapping[str, Any]) -> None:
        self._add({"PutRequest": {"Item": typed(Item)}})

    def delete_item(self, Key: Mapping[str, Any]) -> None:
        self._add({"DeleteRequest": {"Key": typed(Key)}})

    def _key_of(self, request: dict[str, Any]) -> list[Any]:
        assert self._keys is not None
        values = request["PutRequest"]["Item"] if "PutRequest" in request else request["DeleteRequest"]["Key"]
        return [values.get(name) for name in self._keys]

    def _add(self, request: dict[str, Any]) -> None:
        if self._keys:
            key = self._key_of(request)
            self._buffer = [buffered for buffered in self._buffer if self._key_of(buffered) != key]
        self._buffer.append(request)
        if len(self._buffer) >= _BATCH_WRITE_MAX:
            self._flush()

    def _flush(self) -> None:
        sending, self._buffer = self._buffer[:_BATCH_WRITE_MAX], self._buffer[_BATCH_WRITE_MAX:]
        name = self._table.name
        response = _call(self._table.client, "batch_write_item", {"RequestItems": {name: sending}})
        unprocessed = (response.get("UnprocessedItems") or {}).get(name, [])
        if unprocessed:
            time.sleep(_UNPROCESSED_PAUSE_SECONDS)
        self._buffer += unprocessed

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        while self._buffer:
            self._flush()


# ---------------------------------------------------------------- requests over several tables


def transact_write_items(**request: Any) -> dict[str, Any]:
    """TransactWriteItems; each element's `Key`, `Item` and `ExpressionAttributeValues` in plain values."""
    elements = [{kind: _typed_request(body) for kind, body in element.items()} for element in request["TransactItems"]]
    return _call(aws.client("dynamodb"), "transact_write_items", {**request, "TransactItems": elements})


def batch_get_item(**request: Any) -> dict[str, Any]:
    """BatchGetItem with keys in plain values; `Responses` and `UnprocessedKeys` (to send again) as plain values."""
    reads = request["RequestItems"].items()
    wanted = {name: {**read, "Keys": [typed(key) for key in read["Keys"]]} for name, read in reads}
    response = _call(aws.client("dynamodb"), "batch_get_item", {**request, "RequestItems": wanted})
    response["Responses"] = {
        name: [plain(item) for item in items] for name, items in response.get("Responses", {}).items()
    }
    response["UnprocessedKeys"] = {
        name: {**read, "Keys": [plain(key) for key in read["Keys"]]}
        for name, read in (response.get("UnprocessedKeys") or {}).items()
    }
    return response

"""The local API's moto server writes DynamoDB attribute values itself (`attribute_values_directly`), byte for byte
as moto's own serializer does, and hands every value it does not recognise back to moto's serializer; it projects
top-level attribute names itself (`named_attributes_directly`) into the Item moto's projection makes."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from moto.core.serialize import JSONSerializer, XFormedAttributePicker
from moto.core.utils import get_service_model
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.utilities import dynamo_to_dict

from devtools.moto_server import attribute_values_directly, named_attributes_directly


class _Direct(JSONSerializer):
    _serialize_type_structure = attribute_values_directly(JSONSerializer._serialize_type_structure)


class _Opaque:
    """Not a dict: an object moto's picker reads through attributes."""

    S = "read through getattr"


def _serialize(serializer: type[JSONSerializer], operation: str, result: Any) -> str:
    operation_model = get_service_model("dynamodb").operation_model(operation)
    answer = serializer(operation_model=operation_model, value_picker=XFormedAttributePicker()).serialize(
        dynamo_to_dict(copy.deepcopy(result))  # what moto's DynamoResult hands the serializer
    )
    body: str = answer["body"]
    return body


EVERY_TYPE = {
    "pk": {"S": "acct#1"},
    "empty": {"S": ""},
    "unicode": {"S": "zoë ✓"},
    "amount": {"N": "9.40"},
    "blob": {"B": b"\x00\x01hello"},
    "blob_text": {"B": "already text"},
    "strings": {"SS": ["a", "b"]},
    "numbers": {"NS": ["1", "2.5"]},
    "blobs": {"BS": [b"\x00", b"\xff"]},
    "nothing": {"NULL": True},
    "yes": {"BOOL": True},
    "no": {"BOOL": False},
    "empty_map": {"M": {}},
    "empty_list": {"L": []},
    "nested": {
        "M": {
            "items": {"L": [{"M": {"face_value": {"N": "10"}, "code": {"NULL": True}}}, {"S": "x"}, {}]},
            "flags": {"SS": []},
        }
    },
}

UNUSUAL = [
    {"odd": {"M": {"": {"S": "an empty attribute name"}}}},
    {"odd": {"M": {"gone": None, "kept": {"S": "x"}}}},
    {"odd": {"L": [None, {"S": "x"}]}},
    {"odd": {"S": 12}},
    {"odd": {"SS": ["a", 1]}},
    {"odd": {"s": "lower-case member"}},
    {"odd": {"S": "two members", "N": "1"}},
    {"odd": {"S": None, "N": "1"}},
    {"odd": {"Unknown": "x"}},
    {"odd": _Opaque()},
    {"odd": {"M": {"deep": _Opaque()}}},
]


@pytest.mark.parametrize(
    ("operation", "result"),
    [
        ("GetItem", {"Item": EVERY_TYPE}),
        ("GetItem", {}),
        ("Query", {"Items": [EVERY_TYPE, {"pk": {"S": "2"}}], "Count": 2, "ScannedCount": 2}),
        ("Query", {"Items": [], "Count": 0, "ScannedCount": 0, "LastEvaluatedKey": {"pk": {"S": "2"}}}),
        ("UpdateItem", {"Attributes": EVERY_TYPE, "ConsumedCapacity": {"TableName": "t", "CapacityUnits": 1.0}}),
        ("BatchGetItem", {"Responses": {"t": [EVERY_TYPE]}, "UnprocessedKeys": {}}),
        *[("GetItem", {"Item": {"pk": {"S": "1"}, **unusual}}) for unusual in UNUSUAL],
    ],
)
def test_attribute_values_are_written_exactly_as_motos_serializer_writes_them(operation: str, result: Any) -> None:
    direct = _serialize(_Direct, operation, result)
    assert direct == _serialize(JSONSerializer, operation, result)
    json.loads(direct)


def test_plain_attribute_values_never_reach_motos_serializer() -> None:
    generic_shapes: list[str] = []

    def generic(serializer: Any, serialized: Any, value: Any, shape: Any, key: str) -> None:
        generic_shapes.append(shape.name)
        JSONSerializer._serialize_type_structure(serializer, serialized, value, shape, key)

    class Spied(JSONSerializer):
        _serialize_type_structure = attribute_values_directly(generic)

    body = _serialize(Spied, "Query", {"Items": [EVERY_TYPE], "Count": 1, "ScannedCount": 1})
    assert json.loads(body)["Items"][0]["nested"]["M"]["items"]["L"][0]["M"]["face_value"] == {"N": "10"}
    assert "AttributeValue" not in generic_shapes


def _item(attrs: dict[str, Any]) -> Item:
    return Item(hash_key=DynamoType(attrs["pk"]), range_key=None, attrs=copy.deepcopy(attrs))


ITEM = {
    "pk": {"S": "ORDER#acct"},
    "status": {"S": "COMPLETED"},
    "total_price": {"N": "9.40"},
    "debited": {"BOOL": True},
    "metadata": {"M": {"ref": {"S": "x"}, "tags": {"L": [{"S": "a"}, {"M": {"deep": {"N": "1"}}}]}}},
    "codes": {"SS": ["a", "b"]},
    "blob": {"B": "AAFoZWxsbw=="},
    "items_json": {"S": "[" + "{}, " * 50 + "{}]"},
}


@pytest.mark.parametrize(
    "paths",
    [
        [["pk"], ["status"], ["total_price"], ["debited"], ["codes"], ["blob"]],  # top-level names: projected here
        [["status"], ["pk"], ["status"], ["absent"]],  # any order, repeated, missing
        [["metadata"], ["items_json"]],
        [["metadata", "ref"], ["status"]],  # nested: moto's own projection
        [["metadata", "tags[1]", "deep"]],
        [["metadata"], ["metadata", "tags[0]"]],
        [["codes[0]"]],
        [],
    ],
)
def test_projections_give_the_item_motos_projection_gives(paths: list[list[str]]) -> None:
    mine = named_attributes_directly(Item.project)(_item(ITEM), paths)
    motos = _item(ITEM).project(paths)
    assert (mine.hash_key, mine.range_key, mine.to_json()) == (motos.hash_key, motos.range_key, motos.to_json())
    assert list(mine.attrs) == list(motos.attrs)

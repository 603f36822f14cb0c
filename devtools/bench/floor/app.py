"""The cold-request floor: the least a Python function that talks to DynamoDB does (never deployed).

boto3 and its client at init, one GetItem per request: devtools/bench/cold_start.py measures it beside every function.
"""

import os

import boto3

client = boto3.client("dynamodb")


def lambda_handler(event, context):  # the plainest handler there is
    key = {"pk": {"S": "ACCOUNT#production#acme"}, "sk": {"S": "PROFILE"}}
    return client.get_item(TableName=os.environ["FLOOR_TABLE"], Key=key).get("Item") or {}

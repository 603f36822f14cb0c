"""Create the template's DynamoDB tables, S3 buckets, SQS queues and KMS keys in whatever endpoint boto3 points
at (moto).

The names come from template.yaml, so the local API and the tests run against exactly what `sam deploy`
would create; nothing here lists a table or a queue by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from runa_ops.template import function_environment, load_template, resources_of_type

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_PATH = ROOT / "template.yaml"


@dataclass
class Infra:
    """Physical names (table names, queue URLs) and queue ARNs by logical id."""

    physical: dict[str, str] = field(default_factory=dict)
    queue_arns: dict[str, str] = field(default_factory=dict)
    template: dict[str, Any] = field(default_factory=dict)

    def environment(self, parameters: dict[str, str] | None = None) -> dict[str, str]:
        return function_environment(self.template, self.physical, parameters)

    def queue_url(self, logical_id: str) -> str:
        return self.physical[logical_id]


def _create_table(ddb: Any, name: str, props: dict[str, Any]) -> None:
    kwargs: dict[str, Any] = {
        "TableName": name,
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
    }
    if props.get("GlobalSecondaryIndexes"):
        kwargs["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
    if props.get("StreamSpecification"):
        kwargs["StreamSpecification"] = {"StreamEnabled": True, **props["StreamSpecification"]}
    ddb.create_table(**kwargs)
    ttl = props.get("TimeToLiveSpecification")
    if ttl:
        ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)


def bucket_name(prefix: str, logical: str) -> str:
    return f"{prefix}-{logical}".lower()  # S3 bucket names are lower case


def create_buckets(infra: Infra, prefix: str) -> None:
    """The template's S3 buckets (again, after a test reset S3): their names go to `infra.physical`."""
    s3: Any = boto3.client("s3")
    existing = {bucket["Name"] for bucket in s3.list_buckets().get("Buckets", [])}
    region = s3.meta.region_name
    for logical in resources_of_type(infra.template, "AWS::S3::Bucket"):
        name = bucket_name(prefix, logical)
        if name not in existing:
            options = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
            s3.create_bucket(Bucket=name, **options)
        infra.physical[logical] = name


def create_resources(prefix: str = "local", template_path: Path = TEMPLATE_PATH) -> Infra:
    template = load_template(template_path)
    infra = Infra(template=template)
    ddb: Any = boto3.client("dynamodb")
    existing = set(ddb.list_tables().get("TableNames", []))
    for logical, spec in resources_of_type(template, "AWS::DynamoDB::Table").items():
        name = f"{prefix}-{logical}"
        if name not in existing:
            _create_table(ddb, name, spec["Properties"])
        infra.physical[logical] = name
    create_buckets(infra, prefix)

    # KMS keys (the secrets key): secrets are sealed locally exactly as deployed.
    kms: Any = boto3.client("kms")
    for logical, spec in resources_of_type(template, "AWS::KMS::Key").items():
        alias = f"alias/{prefix}-{logical}"
        found = [a for a in kms.list_aliases().get("Aliases", []) if a["AliasName"] == alias and a.get("TargetKeyId")]
        if found:
            infra.physical[logical] = found[0]["TargetKeyId"]
        else:
            key_id = kms.create_key(Description=spec["Properties"].get("Description", logical))["KeyMetadata"]["KeyId"]
            kms.create_alias(AliasName=alias, TargetKeyId=key_id)
            infra.physical[logical] = key_id

    sqs: Any = boto3.client("sqs")
    queues = resources_of_type(template, "AWS::SQS::Queue")
    # Dead-letter queues first: the others point at them.
    ordered = sorted(queues, key=lambda logical: "RedrivePolicy" in queues[logical].get("Properties", {}))
    for logical in ordered:
        props = queues[logical].get("Properties", {})
        attributes: dict[str, Any] = {"VisibilityTimeout": str(props.get("VisibilityTimeout", 30))}
        if "MessageRetentionPeriod" in props:
            attributes["MessageRetentionPeriod"] = str(props["MessageRetentionPeriod"])
        redrive = props.get("RedrivePolicy")
        if redrive:
            target = redrive["deadLetterTargetArn"]["Fn::GetAtt"][0]
            attributes["RedrivePolicy"] = json.dumps(
                {"deadLetterTargetArn": infra.queue_arns[target], "maxReceiveCount": str(redrive["maxReceiveCount"])}
            )
        url = sqs.create_queue(QueueName=f"{prefix}-{logical}", Attributes=attributes)["QueueUrl"]
        infra.physical[logical] = url
        infra.queue_arns[logical] = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
    return infra


def sqs_consumers(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Function logical id -> {queue, batch_size, code_uri, handler} for every SQS event source."""
    consumers: dict[str, dict[str, Any]] = {}
    for logical, spec in resources_of_type(template, "AWS::Serverless::Function").items():
        props = spec["Properties"]
        for event in (props.get("Events") or {}).values():
            if event["Type"] == "SQS":
                consumers[logical] = {
                    "queue": event["Properties"]["Queue"]["Fn::GetAtt"][0],
                    "batch_size": int(event["Properties"].get("BatchSize", 10)),
                    "partial_failures": "ReportBatchItemFailures"
                    in event["Properties"].get("FunctionResponseTypes", []),
                    "code_uri": props["CodeUri"],
                    "handler": props["Handler"],
                }
    return consumers


def stream_consumers(template: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per DynamoDB stream event source: {function, table, batch_size, partial_failures, filters,
    max_retries, on_failure_queue}."""
    consumers: list[dict[str, Any]] = []
    for logical, spec in resources_of_type(template, "AWS::Serverless::Function").items():
        for event in (spec["Properties"].get("Events") or {}).values():
            if event["Type"] != "DynamoDB":
                continue
            props = event["Properties"]
            destination = ((props.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
            filters = ((props.get("FilterCriteria") or {}).get("Filters")) or []
            consumers.append(
                {
                    "function": logical,
                    "table": props["Stream"]["Fn::GetAtt"][0],
                    "batch_size": int(props.get("BatchSize", 100)),
                    "partial_failures": "ReportBatchItemFailures" in props.get("FunctionResponseTypes", []),
                    "filters": [json.loads(entry["Pattern"]) for entry in filters],
                    "max_retries": int(props.get("MaximumRetryAttempts", 10)),
                    "on_failure_queue": destination["Fn::GetAtt"][0] if destination else None,
                }
            )
    return consumers


def scheduled_functions(template: dict[str, Any]) -> list[str]:
    """Functions with an EventBridge Scheduler (ScheduleV2) or EventBridge rule (Schedule) event."""
    return [
        logical
        for logical, spec in resources_of_type(template, "AWS::Serverless::Function").items()
        if any(
            event["Type"] in ("ScheduleV2", "Schedule") for event in (spec["Properties"].get("Events") or {}).values()
        )
    ]

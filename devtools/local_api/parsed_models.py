"""Imported by the local API's forkserver only (environments.PRELOAD): the AWS models the functions' clients
read, parsed once before any execution environment is forked (devtools/botocore_models.py says why)."""

from __future__ import annotations

from devtools.botocore_models import parse_models

# What the shared layer's clients use (runa/core/aws.py: dynamodb as a client and a resource, sqs, kms).
parse_models(clients=("dynamodb", "sqs", "kms"), resources=("dynamodb",))

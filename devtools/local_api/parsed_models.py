"""Imported by the local API's forkserver only (environments.PRELOAD): the AWS models the functions' clients
read, parsed once before any execution environment is forked (devtools/botocore_models.py says why)."""

from __future__ import annotations

from devtools.botocore_models import parse_models

# The clients the shared layer makes (runa/core/aws.py).
parse_models(clients=("dynamodb", "sqs", "kms"))

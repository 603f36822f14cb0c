"""Fake AWS credentials and a quiet Powertools for in-process runs against moto: the tests and the benchmarks.

Call `use_fake_aws()` before boto3 or Powertools are imported, since both read these variables once. It also
puts the shared layer on sys.path, as Lambda does, for scripts started from the repository root.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FAKE_AWS_ENVIRONMENT = {
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_REGION": "eu-west-1",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    # botocore would send DynamoDB Streams calls to an account-scoped host that moto answers with 404.
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    "POWERTOOLS_TRACE_DISABLED": "true",
}


def use_fake_aws(service: str, *, log_level: str = "WARNING", metrics: bool = True) -> None:
    os.environ.pop("AWS_ENDPOINT_URL", None)  # never a real (or stale local) endpoint
    os.environ.update(
        {
            **FAKE_AWS_ENVIRONMENT,
            "POWERTOOLS_SERVICE_NAME": service,
            "POWERTOOLS_METRICS_NAMESPACE": service.title().replace("-", ""),
            "POWERTOOLS_LOG_LEVEL": log_level,
        }
    )
    if not metrics:
        os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"
    for path in (str(ROOT / "layers" / "shared"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)
    # Handlers check their settings when imported, which tests do before moto creates the tables; these stand in
    # until the `aws` fixture (or the local API) sets the real names.
    from runa.core.settings import RESOURCE_SETTINGS

    for name in (*RESOURCE_SETTINGS, "bedrock_model_id"):
        os.environ.setdefault(name.upper(), f"not-created-yet-{name}")
    os.environ.setdefault("AGENT_ENGINE", "offline")

"""Runtime settings, read once from the environment that template.yaml sets on each function.

Each function receives only the table and queue names it uses, and its handler names them with
`require_settings(...)` at import: a missing one fails the cold start with its name, instead of a 500 on first use.
The same call reads and validates the settings and makes the AWS clients every request of the function needs
(runa.core.aws.prepare), so that work is done at init, not by the first request.
"""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, Field


class Settings(BaseModel):
    stage: str = "dev"
    accounts_table: str = ""
    orders_table: str = ""
    products_table: str = ""
    sessions_table: str = ""
    knowledge_table: str = ""
    # S3 bucket of the knowledge index snapshots (and of uploaded file sources).
    knowledge_bucket: str = ""
    # Bytes of knowledge indexes one chat process keeps (runa.knowledge.logic.retrieval); 0: a share of the
    # function's memory (AWS_LAMBDA_FUNCTION_MEMORY_SIZE).
    knowledge_cache_bytes: int = Field(default=0, ge=0)
    tools_table: str = ""
    orders_queue_url: str = ""
    indexing_queue_url: str = ""
    webhooks_queue_url: str = ""
    bedrock_model_id: str = ""
    # Which engine answers production keys ("bedrock" when deployed) and playground keys; the local API and tests
    # default both to the deterministic offline engine.
    agent_engine: str = "offline"
    agent_engine_playground: str = "offline"
    # An Amazon Bedrock guardrail applied to the agent's model calls; empty id: none.
    bedrock_guardrail_id: str = ""
    bedrock_guardrail_version: str = ""
    # Only the local API sets this: lets tools and knowledge URLs point at loopback test servers over http.
    allow_loopback_http: bool = False
    # KMS key that seals tool and webhook signing secrets at rest (runa.core.sealing).
    secrets_key_id: str = ""
    # Model tokens one product may spend on chat per UTC day (runa.agent.logic.token_cap); 0 turns the cap off.
    chat_daily_token_cap: int = Field(default=0, ge=0)
    # The console's management API: its audit trail, and the browser origin allowed to call it cross-origin.
    audit_table: str = ""
    allowed_origin: str = ""
    payout_link_host_production: str = "https://payouts.runa.io"
    payout_link_host_playground: str = "https://payouts.playground.runa.io"
    playground_processing_seconds: float = Field(default=1.0, ge=0)
    # The sweeper's deadlines (template parameters; docs/operations.md, "Nothing in limbo"): re-drive an order still
    # PROCESSING after this long, fail and refund it after that long, re-drive an undelivered webhook event after
    # this long and at most this many times, re-drive a knowledge source still `indexing` and fail it after that.
    order_redrive_seconds: int = Field(default=120, ge=1)
    order_deadline_seconds: int = Field(default=900, ge=1)
    webhook_redrive_seconds: int = Field(default=900, ge=1)
    webhook_max_redrives: int = Field(default=3, ge=0)
    source_redrive_seconds: int = Field(default=600, ge=1)
    source_deadline_seconds: int = Field(default=3600, ge=1)


_ENV_NAMES = {name: name.upper() for name in Settings.model_fields}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    values = {field: os.environ[env] for field, env in _ENV_NAMES.items() if os.environ.get(env, "") != ""}
    return Settings.model_validate(values)


# The settings that name a resource of the stack (set per function by template.yaml).
RESOURCE_SETTINGS = tuple(name for name in Settings.model_fields if name.endswith(("_table", "_queue_url", "_bucket")))


class MissingSettings(RuntimeError):
    """A function started without a setting its handler declared; Lambda reports the init error with this text."""


def require_settings(*fields: str) -> None:
    """Fail now, at cold start, unless every named setting (Settings field names) is set in the environment."""
    unknown = [field for field in fields if field not in _ENV_NAMES]
    if unknown:
        raise ValueError(f"not settings: {', '.join(unknown)}")
    missing = [_ENV_NAMES[field] for field in fields if os.environ.get(_ENV_NAMES[field], "") == ""]
    if missing:
        function = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "this function")
        raise MissingSettings(
            f"{function} cannot start: {', '.join(missing)} not set (template.yaml sets them in the function's "
            "Environment)"
        )
    get_settings()
    from runa.core import aws, snapstart  # here, not at the top: logic modules read settings, never botocore

    aws.prepare(fields)
    snapstart.register()


def reset_settings() -> None:
    """Tests change the environment between cases; forget the cached settings."""
    get_settings.cache_clear()


# A process forked after reading them (the local API's environments fork from a preloaded server, then set their
# function's variables) reads its own.
os.register_at_fork(after_in_child=reset_settings)

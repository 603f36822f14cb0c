"""Runtime settings, read once from the environment that template.yaml sets on every function."""

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
    payout_link_host_production: str = "https://payouts.runa.io"
    payout_link_host_playground: str = "https://payouts.playground.runa.io"
    playground_processing_seconds: float = Field(default=1.0, ge=0)


_ENV_NAMES = {name: name.upper() for name in Settings.model_fields}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    values = {field: os.environ[env] for field, env in _ENV_NAMES.items() if os.environ.get(env, "") != ""}
    return Settings.model_validate(values)


def reset_settings() -> None:
    """Tests change the environment between cases; forget the cached settings."""
    get_settings.cache_clear()

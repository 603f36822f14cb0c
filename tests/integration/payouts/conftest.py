"""Fixtures for the /v2 payouts tests: the seeded catalogue and callers of both environments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from runa.payouts.data import products as product_store
from tests.conftest import MotoWorld

PRODUCTION_CALLER = {"accountId": "acme", "environment": "production", "keyId": "k-prod"}
PLAYGROUND_CALLER = {"accountId": "acme", "environment": "playground", "keyId": "k-play"}


@pytest.fixture
def catalogue(aws: Any, moto_world: MotoWorld) -> Iterator[dict[str, Any]]:
    """The bundled seed catalogue in the ProductsTable, with the per-container cache cleared around the test."""
    product_store.clear_cache()
    yield moto_world.seed_catalogue()
    product_store.clear_cache()

"""Pydantic models of the /v2 contract (the one source of its schemas)."""

"""Payouts API (/v2): models, business rules and data access."""

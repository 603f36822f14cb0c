"""Shared code of the Runa platform: one layer, imported the same way in Lambda, tests and the local API.

core/      settings, errors, AWS clients, observability, the HTTP resolver factory
auth/      API keys: format, hashing, the keys store, the authorizer decision
payouts/   /v2 models, rules and data access
agent/     /v1 chat, tools, conversations, analytics
knowledge/ knowledge sources, indexing and retrieval

The operator's tool and the template reader live in runa_ops/ at the repository root: they never ship.
"""

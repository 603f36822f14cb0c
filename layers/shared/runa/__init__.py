"""Shared code of the Runa platform: one layer, imported the same way in Lambda, tests and the local API.

core/      settings, errors, AWS clients, observability, the HTTP resolver factory
auth/      API keys: format, hashing, the keys store, the authorizer decision
payouts/   /v2 models, rules and data access
agent/     /v1 chat, tools, conversations, analytics
knowledge/ knowledge sources, indexing and retrieval
admin/     the operator's command-line tool (python -m runa.admin)
"""

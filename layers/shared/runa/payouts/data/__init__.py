"""Payouts data access: the only payouts modules that call AWS (through runa.core.aws and runa.core.dynamodb)."""

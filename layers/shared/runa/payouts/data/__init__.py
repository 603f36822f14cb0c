"""Payouts data access: the only payouts modules that call boto3 (through runa.core.aws)."""

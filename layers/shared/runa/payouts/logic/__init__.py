"""Payouts business rules: no API Gateway, no boto3."""

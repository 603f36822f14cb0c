"""The agent's id patterns as plain strings: the /v1 schemas validate with them, and a schema outside the agent
(the console's keys) takes them without building the agent's models."""

PRODUCT_ID_PATTERN = r"^prod_[A-Za-z0-9_-]{1,64}$"
# A conversation id, ours (sess_...) or the client's own (as Bedrock Agents' sessionId): 2 to 100 letters, digits
# and `_ . : -`, starting with a letter or digit. Never `#` or `/`: it is part of DynamoDB keys and of URL paths.
SESSION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{1,99}$"

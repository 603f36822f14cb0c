"""Customers' signing secrets, in one place: how they are made, sealed at rest, and used to sign.

Two secrets use it: an agent tool's (`tsk_...`, signs the platform's calls to the tool) and a webhook
endpoint's (`whsec_...`, signs order.completion events). Both are shown once, stored sealed, and opened only
to sign.

Sealed forms: `kms:<base64 ciphertext>` when `SECRETS_KEY_ID` is set (template.yaml sets it; the local API
creates the key in moto), with an encryption context naming the owner (a ciphertext cannot be moved to another
tool or account), or `plain:<secret>` where no key is configured (unit tests).

Signatures:
- tool calls: `X-Runa-Timestamp` and `X-Runa-Signature: v1=<hex HMAC-SHA256 over "timestamp.METHOD.target.body">`;
- webhooks (Standard Webhooks): `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256
  over "id.timestamp.body">`, keyed with the base64-decoded part of the `whsec_` secret.
Receivers should refuse timestamps older than `MAX_AGE_SECONDS`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from urllib.parse import urlsplit

from runa.core.errors import StoreError
from runa.core.settings import get_settings

TOOL_SECRET_PREFIX = "tsk_"  # noqa: S105 - the format marker of a secret, not a secret
WEBHOOK_SECRET_PREFIX = "whsec_"  # noqa: S105 - the format marker of a secret, not a secret
MAX_AGE_SECONDS = 300

_KMS = "kms:"
_PLAIN = "plain:"


# ---------------------------------------------------------------- making and sealing


def new_tool_secret() -> str:
    return f"{TOOL_SECRET_PREFIX}{secrets.token_urlsafe(32)}"


def new_webhook_secret() -> str:
    return WEBHOOK_SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def is_sealed(stored: str) -> bool:
    return stored.startswith((_KMS, _PLAIN))


def seal(secret: str, *, context: dict[str, str]) -> str:
    key_id = get_settings().secrets_key_id
    if not key_id:
        return f"{_PLAIN}{secret}"
    # KMS only here: logic that just makes a secret or signs (tools, webhooks) must not load boto3.
    from botocore.exceptions import BotoCoreError, ClientError

    from runa.core import aws

    try:
        blob = aws.client("kms").encrypt(KeyId=key_id, Plaintext=secret.encode(), EncryptionContext=context)
    except (ClientError, BotoCoreError) as error:
        raise StoreError("kms: sealing a secret failed") from error
    return f"{_KMS}{base64.b64encode(blob['CiphertextBlob']).decode()}"


def unseal(sealed: str, *, context: dict[str, str]) -> str:
    if sealed.startswith(_PLAIN):
        return sealed[len(_PLAIN) :]
    if not sealed.startswith(_KMS):
        raise StoreError("a stored secret has an unknown format")
    from botocore.exceptions import BotoCoreError, ClientError

    from runa.core import aws

    try:
        blob = base64.b64decode(sealed[len(_KMS) :])
        plain = aws.client("kms").decrypt(CiphertextBlob=blob, EncryptionContext=context)
    except (ClientError, BotoCoreError, ValueError) as error:
        raise StoreError("kms: opening a sealed secret failed") from error
    return bytes(plain["Plaintext"]).decode()


# ---------------------------------------------------------------- tool calls

TOOL_TIMESTAMP_HEADER = "X-Runa-Timestamp"
TOOL_SIGNATURE_HEADER = "X-Runa-Signature"


def target_of(url: str) -> str:
    """The request target as sent on the wire: path plus query."""
    parts = urlsplit(url)
    return f"{parts.path or '/'}?{parts.query}" if parts.query else parts.path or "/"


def tool_signature(secret: str, timestamp: int, method: str, target: str, body: bytes) -> str:
    message = f"{timestamp}.{method.upper()}.{target}.".encode() + body
    return f"v1={hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()}"


def sign_tool_call(secret: str, method: str, url: str, body: bytes, now: float | None = None) -> dict[str, str]:
    timestamp = int(now if now is not None else time.time())
    return {
        TOOL_TIMESTAMP_HEADER: str(timestamp),
        TOOL_SIGNATURE_HEADER: tool_signature(secret, timestamp, method, target_of(url), body),
    }


def verify_tool_call(
    secret: str, headers: dict[str, str], method: str, target: str, body: bytes, now: float | None = None
) -> bool:
    """What a tool's owner runs (docs/agent.md shows the same in a few lines)."""
    lowered = {name.lower(): value for name, value in headers.items()}
    raw_timestamp = lowered.get(TOOL_TIMESTAMP_HEADER.lower(), "")
    if not raw_timestamp.isdigit():
        return False
    timestamp = int(raw_timestamp)
    if abs((now if now is not None else time.time()) - timestamp) > MAX_AGE_SECONDS:
        return False
    expected = tool_signature(secret, timestamp, method, target, body)
    return hmac.compare_digest(expected, lowered.get(TOOL_SIGNATURE_HEADER.lower(), ""))


# ---------------------------------------------------------------- webhooks


def webhook_signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    key = base64.b64decode(secret.removeprefix(WEBHOOK_SECRET_PREFIX))
    digest = hmac.new(key, f"{message_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def sign_webhook(secret: str, message_id: str, body: str, timestamp: int) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": webhook_signature(secret, message_id, timestamp, body),
    }

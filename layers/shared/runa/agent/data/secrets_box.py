"""Tool signing secrets at rest: encrypted with KMS when `TOOL_SECRETS_KEY_ID` is set (template.yaml sets it on
the two functions that need it), so a table export or a stray read does not hand out the secrets.

Stored forms: `kms:<base64 ciphertext>` (encryption context: the tool id, so a ciphertext cannot be moved to
another tool) or, only where no key is configured (the local API, tests), `plain:<secret>`.
"""

from __future__ import annotations

import base64

from botocore.exceptions import BotoCoreError, ClientError

from runa.core import aws
from runa.core.errors import StoreError
from runa.core.settings import get_settings

_KMS = "kms:"
_PLAIN = "plain:"


def seal_secret(secret: str, *, context: dict[str, str]) -> str:
    key_id = get_settings().tool_secrets_key_id
    if not key_id:
        return f"{_PLAIN}{secret}"
    try:
        blob = aws.client("kms").encrypt(KeyId=key_id, Plaintext=secret.encode(), EncryptionContext=context)
    except (ClientError, BotoCoreError) as error:
        raise StoreError("kms: encrypting a tool secret failed") from error
    return f"{_KMS}{base64.b64encode(blob['CiphertextBlob']).decode()}"


def open_secret(sealed: str, *, context: dict[str, str]) -> str:
    if sealed.startswith(_PLAIN):
        return sealed[len(_PLAIN) :]
    if not sealed.startswith(_KMS):
        raise StoreError("tools table: a tool secret has an unknown format")
    try:
        blob = base64.b64decode(sealed[len(_KMS) :])
        plain = aws.client("kms").decrypt(CiphertextBlob=blob, EncryptionContext=context)
    except (ClientError, BotoCoreError, ValueError) as error:
        raise StoreError("kms: decrypting a tool secret failed") from error
    return bytes(plain["Plaintext"]).decode()

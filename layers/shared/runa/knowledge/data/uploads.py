"""File sources' uploads in the knowledge bucket (`uploads/<owner hash>/<source id>`): the presigned PUT the API
hands out, the read the indexer makes, the delete after a source is deleted. The local API's URLs point at its
moto server, which takes the PUT as S3 would."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.knowledge.models import UPLOAD_URL_SECONDS, Upload

PREFIX = "uploads/"


def upload_key(owner: str, source_id: str) -> str:
    return f"{PREFIX}{hashlib.sha256(owner.encode()).hexdigest()[:32]}/{source_id}"


def upload_url(owner: str, source_id: str, content_type: str, size: int) -> Upload:
    """A URL for one PUT of the file, signed for its content type (made locally: no request to S3)."""
    url = aws.client("s3").generate_presigned_url(
        "put_object",
        Params={
            "Bucket": get_settings().knowledge_bucket,
            "Key": upload_key(owner, source_id),
            "ContentType": content_type,
        },
        ExpiresIn=UPLOAD_URL_SECONDS,
        HttpMethod="PUT",
    )
    expires = datetime.now(UTC) + timedelta(seconds=UPLOAD_URL_SECONDS)
    return Upload(
        url=url,
        headers={"Content-Type": content_type},
        expires_at=expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def read(owner: str, source_id: str, max_bytes: int) -> tuple[bytes, int] | None:
    """The uploaded bytes (at most `max_bytes` read) and the object's whole size; None when nothing was uploaded."""
    try:
        answer = aws.client("s3").get_object(
            Bucket=get_settings().knowledge_bucket, Key=upload_key(owner, source_id), Range=f"bytes=0-{max_bytes}"
        )
        body: Any = answer["Body"]
        data = bytes(body.read())
    except ClientError as error:
        if aws.error_code(error) in ("NoSuchKey", "404"):
            return None
        raise StoreError("could not read the uploaded file") from error
    content_range = str(answer.get("ContentRange") or "")
    size = int(content_range.rsplit("/", 1)[1]) if "/" in content_range else len(data)
    return data, size


def delete(owner: str, source_id: str) -> None:
    try:
        aws.client("s3").delete_object(Bucket=get_settings().knowledge_bucket, Key=upload_key(owner, source_id))
    except ClientError as error:
        raise StoreError("could not delete the uploaded file") from error

from enum import Enum


class SourceStatus(str, Enum):
    AWAITING_UPLOAD = "awaiting_upload"
    FAILED = "failed"
    INDEXING = "indexing"
    READY = "ready"

    def __str__(self) -> str:
        return str(self.value)

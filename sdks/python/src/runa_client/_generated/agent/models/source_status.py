from enum import Enum


class SourceStatus(str, Enum):
    FAILED = "failed"
    INDEXING = "indexing"
    READY = "ready"

    def __str__(self) -> str:
        return str(self.value)

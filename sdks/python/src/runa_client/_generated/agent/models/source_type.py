from enum import Enum


class SourceType(str, Enum):
    FILE = "file"
    TEXT = "text"
    URL = "url"

    def __str__(self) -> str:
        return str(self.value)

from enum import Enum


class UsageEngine(str, Enum):
    BEDROCK = "bedrock"
    OFFLINE = "offline"

    def __str__(self) -> str:
        return str(self.value)

from enum import Enum


class GetSingleProductContent(str, Enum):
    HTML = "html"
    MD = "md"
    URL = "url"

    def __str__(self) -> str:
        return str(self.value)

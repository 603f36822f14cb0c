from enum import Enum


class SourceContentTypeType0(str, Enum):
    APPLICATIONPDF = "application/pdf"
    TEXTHTML = "text/html"
    TEXTMARKDOWN = "text/markdown"
    TEXTPLAIN = "text/plain"

    def __str__(self) -> str:
        return str(self.value)

from enum import Enum


class GiftCardDetailsBarcodeFormatType0(str, Enum):
    CODE_128 = "code-128"
    CODE_39 = "code-39"
    DATA_MATRIX = "DATA_MATRIX"
    EAN_13 = "ean-13"
    ITF = "ITF"
    OTHER = "other"
    PDF417 = "pdf417"
    QR = "QR"

    def __str__(self) -> str:
        return str(self.value)

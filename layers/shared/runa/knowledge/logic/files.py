"""A file source's bytes as text: Markdown and plain text decoded, HTML through the same converter as web pages,
PDF through pypdf (pure Python, shipped with the indexing consumer only, imported when a PDF comes). Every refusal
is a PageUnavailable whose message tells the user what to do; it becomes the source's `error`."""

from __future__ import annotations

import io
from dataclasses import dataclass

from runa.knowledge.errors import PageUnavailable
from runa.knowledge.logic.html_text import html_to_text, page_title

MAX_PDF_PAGES = 500


@dataclass(frozen=True)
class FileText:
    title: str | None
    text: str
    pages: int


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # never fails; a wrong guess reads oddly but is never lost


def _pdf(data: bytes) -> FileText:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError, PdfStreamError

    encrypted = PageUnavailable("The PDF is encrypted (password-protected). Upload a copy saved without a password.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # an empty user password opens many "protected" PDFs
            except (DependencyError, NotImplementedError, PdfReadError) as error:  # AES needs a backend we omit
                raise encrypted from error
            if not opened:
                raise encrypted
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise PageUnavailable(
                f"The PDF has {count} pages; at most {MAX_PDF_PAGES} can be indexed. Split it into smaller files."
            )
        texts = [(page.extract_text() or "").strip() for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError) as error:
        raise PageUnavailable("The file is not a readable PDF. Check that it opens, then upload it again.") from error
    text = "\n\n".join(page for page in texts if page)
    if len(text.split()) < 3:
        raise PageUnavailable(
            "The PDF has no text layer (its pages are images, as a scan is). Upload a PDF with selectable text, "
            "or add the text directly."
        )
    return FileText(title=str(title) if title else None, text=text, pages=count)


def file_text(data: bytes, content_type: str) -> FileText:
    if content_type == "application/pdf":
        if not data.startswith(b"%PDF-"):
            raise PageUnavailable("The file is not a PDF (it does not start with %PDF-). Upload the PDF itself.")
        return _pdf(data)
    if data.startswith(b"%PDF-"):
        raise PageUnavailable("The file is a PDF; add it again with contentType application/pdf.")
    text = _decode(data)
    if content_type == "text/html":
        return FileText(title=page_title(text), text=html_to_text(text), pages=1)
    return FileText(title=None, text=text.strip(), pages=1)

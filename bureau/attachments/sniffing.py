"""What a file really is, judged by its content (magic bytes, zip members), never by its name."""

import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class FileKind:
    label: str
    extension: str
    mime_type: str


PDF = FileKind("PDF", "pdf", "application/pdf")
JPEG = FileKind("JPG", "jpg", "image/jpeg")
PNG = FileKind("PNG", "png", "image/png")
OFD = FileKind("OFD", "ofd", "application/ofd")
DOCX = FileKind("DOCX", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind("XLSX", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ALLOWED_KINDS = (PDF, JPEG, PNG, OFD, DOCX, XLSX)
ALLOWED_LABELS = "、".join(kind.label for kind in ALLOWED_KINDS)
# What the browser's file picker suggests; the server still decides by content.
ACCEPT_ATTRIBUTE = ",".join(f".{kind.extension}" for kind in ALLOWED_KINDS) + ",.jpeg"

# A real document has a few hundred members at most; more suggests a zip bomb or junk.
MAX_ZIP_MEMBERS = 5000


def _zip_kind(file: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if len(names) > MAX_ZIP_MEMBERS:
        return None
    members = set(names)
    # OFD (GB/T 33190-2016): the package entry point OFD.xml sits at the root.
    if "OFD.xml" in members:
        return OFD
    if "[Content_Types].xml" in members:
        if "word/document.xml" in members:
            return DOCX
        if "xl/workbook.xml" in members:
            return XLSX
    return None


def sniff(file: IO[bytes]) -> FileKind:
    """The allowed kind of `file` judged by its content; ValidationError for anything else.

    The file position is restored, so the caller can save the file afterwards.
    """
    position = file.tell()
    try:
        file.seek(0)
        head = file.read(8)
        file.seek(0)
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"PK\x03\x04"):
            kind = _zip_kind(file)
            if kind is not None:
                return kind
    finally:
        file.seek(position)
    raise ValidationError(
        "不支持的文件类型：只能上传 %(allowed)s 文件（按文件实际内容判断，与扩展名无关）。",
        code="attachment_type",
        params={"allowed": ALLOWED_LABELS},
    )

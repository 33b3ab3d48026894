"""Reading a document to proofread: a .docx or a plain-text file, judged by its content, never by its name."""

import io
import zipfile
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from bureau.importexport.reader import ImportFileError, decode_csv

# Word 97–2003 (.doc) and WPS files are OLE compound files.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
WRONG_KIND = "只能校对纯文本（.txt）或 Word 文档（.docx）文件。"


def _max_uncompressed() -> int:
    # A .docx is a zip: its text may unpack to far more than the upload; a bomb is refused before parsing.
    return 10 * settings.LEDGER_UPLOAD_MAX_BYTES


def _docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > _max_uncompressed():
                raise ValidationError("文档解压后过大，疑似压缩炸弹，已拒绝。")
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ValidationError("Word 文档已损坏，请在 Word 或 WPS 中重新保存后再上传。") from error
    # Every paragraph in body order, those in table cells included: one paragraph a line, so line numbers
    # count paragraphs as Word shows them.
    body = document.element.body
    return "\n".join(Paragraph(element, document).text for element in body.iter(qn("w:p")))


def _plain_text(data: bytes) -> str:
    try:
        text, _ = decode_csv(data)
    except ImportFileError as error:
        raise ValidationError(
            "无法识别文本文件的编码（不是 UTF-8、UTF-16，也不是 GB18030/GBK），请另存为 UTF-8。"
        ) from error
    if "\x00" in text:
        raise ValidationError(WRONG_KIND)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(file: str | Path | IO[bytes]) -> str:
    """The text of a .docx (paragraphs, one a line) or of a plain-text file (BOM, else UTF-8, else GB18030).

    `file` is a path or an open binary file (an upload). ValidationError, in Chinese, for a .doc, a damaged
    or oversized .docx, another kind of file or an undecodable text.
    """
    if isinstance(file, str | Path):
        data = Path(file).read_bytes()
    else:
        file.seek(0)
        data = file.read()
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                is_docx = "word/document.xml" in archive.namelist()
        except zipfile.BadZipFile:
            is_docx = False
        if not is_docx:
            raise ValidationError(WRONG_KIND)
        return _docx_text(data)
    if data.startswith(OLE_MAGIC):
        raise ValidationError("这是 Word 97–2003（.doc）文件，请在 Word 或 WPS 中另存为 .docx 后再上传。")
    if data.startswith(b"%PDF-"):
        raise ValidationError(WRONG_KIND)
    return _plain_text(data)

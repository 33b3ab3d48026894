"""The text of a document to proofread: a .txt (UTF-8, UTF-16 with BOM or GB18030) or a .docx, one line a paragraph."""

import io
import zipfile
from pathlib import PurePath

from docx import Document

SUFFIXES = (".txt", ".docx")


class UnreadableDocument(ValueError):
    """The file is not a text or Word document we can read; the message says so in Chinese."""


def _decoded(data: bytes) -> str:
    """The BOM decides; without one strict UTF-8, else GB18030 (as Excel and Notepad on Chinese Windows save)."""
    if data.startswith(b"\xef\xbb\xbf"):
        attempts = [(data[3:], "utf-8")]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        attempts = [(data, "utf-16")]
    else:
        attempts = [(data, "utf-8"), (data, "gb18030")]
    for raw, encoding in attempts:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument("文本文件的编码无法识别，请另存为 UTF-8 编码后再校对。")


def _docx_text(data: bytes) -> str:
    """Body paragraphs, then the paragraphs of each table cell: each a line, so line numbers count paragraphs."""
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableDocument("Word 文件已损坏，请在 Word 中重新保存后再校对。") from error
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)


def document_text(name: str, data: bytes) -> str:
    """The text of an uploaded or given file, by its name's suffix; line breaks are \\n."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".docx":
        return _docx_text(data)
    if suffix == ".txt":
        return _decoded(data).replace("\r\n", "\n").replace("\r", "\n")
    if suffix == ".doc":
        raise UnreadableDocument("不支持 .doc 格式，请在 Word 或 WPS 中另存为 .docx 后再校对。")
    raise UnreadableDocument("只能校对 .txt 或 .docx 文件。")

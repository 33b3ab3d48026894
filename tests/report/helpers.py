"""Reading back the report's outputs as text."""

import io
import re
import subprocess
import tempfile

from docx import Document


def pdf_text(data: bytes, *, layout: bool = False) -> str:
    """The PDF's text through pdftotext (poppler)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), handle.name, "-"]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout


PAGE_NUMBER = re.compile(r"^\s*—\s*\d+\s*—\s*$", re.MULTILINE)


def flat(text: str) -> str:
    """Text without page numbers, line breaks and spaces, so facts broken across lines and pages are found."""
    return "".join(PAGE_NUMBER.sub("", text).split())


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)

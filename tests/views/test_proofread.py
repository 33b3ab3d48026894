"""校对文档: upload a .txt or .docx and read the findings by line and column; who may use the page."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document

from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

TEXT = "XX县科学技术局2023年工作总结\n一年来，全县经济社会开展势头良好，开展科普活动12场。\n"


def upload(client, name: str, data: bytes, **extra):
    return client.post("/proofread/", {"document": SimpleUploadedFile(name, data), **extra})


def docx_bytes(*paragraphs: str) -> bytes:
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "表中经济社会开展。"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rows(content: str) -> list[str]:
    """The findings table's body rows as plain cell texts joined by |."""
    body = content[content.index('id="proofread-findings"') :]
    body = body[body.index("<tbody>") : body.index("</tbody>")]
    found = []
    for row in body.split("<tr>")[1:]:
        cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
        found.append("|".join(cell.replace("<mark>", "").replace("</mark>", "") for cell in cells))
    return found


def test_a_text_file_shows_each_finding_with_line_and_column(staff_client):
    response = upload(staff_client, "总结.txt", TEXT.encode())
    content = response.content.decode()
    assert response.status_code == 200 and "总结.txt" in content and "发现1处问题" in content
    # Line 2, column 11; the whole sentence, the message and the suggestion. 开展科普活动 is right.
    [row] = rows(content)
    assert row.startswith("2|11|一年来，全县经济社会开展势头良好，开展科普活动12场。|“开展”应为“发展”")
    assert row.endswith("|发展")
    assert "<mark>开展</mark>势头良好" in content


def test_a_gbk_text_file_and_windows_line_breaks(staff_client):
    content = upload(staff_client, "gbk.txt", TEXT.replace("\n", "\r\n").encode("gb18030")).content.decode()
    assert [row.split("|")[:2] for row in rows(content)] == [["2", "11"]]


def test_a_word_document_counts_its_paragraphs_as_lines(staff_client):
    data = docx_bytes("标题", "经济社会开展很快。")
    content = upload(staff_client, "总结.docx", data).content.decode()
    assert [row.split("|")[:3] for row in rows(content)] == [
        ["2", "5", "经济社会开展很快。"],
        ["3", "7", "表中经济社会开展。"],
    ]


def test_a_clean_document_says_so(staff_client):
    content = upload(staff_client, "ok.txt", "全县经济社会发展势头良好。".encode()).content.decode()
    assert "未发现问题" in content and 'id="proofread-findings"' not in content


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "另存为 .docx"),
        ("file.pdf", b"%PDF-1.4 test", "只能校对 .txt 或 .docx 文件"),
        ("broken.docx", b"PK\x03\x04 not a zip at all", "Word 文件已损坏"),
        ("utf16.txt", b"\xff\xfe\x00\xd8", "文本文件的编码无法识别"),
    ],
)
def test_other_files_are_refused_with_the_reason(staff_client, name, data, message):
    response = upload(staff_client, name, data)
    content = response.content.decode()
    assert response.status_code == 200 and message in content and "proofread-summary" not in content


def test_no_file_is_asked_for(staff_client):
    assert "这个字段是必填项" in staff_client.post("/proofread/", {}).content.decode()


def test_who_may_proofread(role_clients, django_user_model):
    assert role_clients["anonymous"].get("/proofread/").status_code == 302
    for role in ("leader", "staff", "admin"):
        page = role_clients[role].get("/proofread/")
        assert page.status_code == 200, role
        assert 'id="menu-proofread"' in page.content.decode(), role
    nobody = client_for(make_user(django_user_model, "norole", None))
    assert nobody.get("/proofread/").status_code == 403
    assert upload(nobody, "a.txt", TEXT.encode()).status_code == 403


def test_the_year_brings_outdated_formulations_and_the_ledger_its_names(staff_client):
    from bureau.models import Enterprise

    Enterprise.objects.create(name="XX普正制药股份有限公司", short_name="普正制药")
    text = "深入学习党的十九大精神，组织普正药业参加对接会。".encode()
    without_year = rows(upload(staff_client, "a.txt", text).content.decode())
    assert len(without_year) == 1 and without_year[0].endswith("|普正制药")
    with_year = rows(upload(staff_client, "a.txt", text, year="2024").content.decode())
    assert len(with_year) == 2 and "党的十九大精神" in with_year[0] and with_year[0].endswith("|党的二十大精神")


def test_a_zip_bomb_is_refused_before_it_is_parsed(staff_client, settings):
    settings.LEDGER_UPLOAD_MAX_BYTES = 100_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b" " * 2_000_000 + b">")
    assert len(buffer.getvalue()) < 100_000
    content = upload(staff_client, "bomb.docx", buffer.getvalue()).content.decode()
    assert "疑似压缩炸弹" in content and "proofread-summary" not in content


def test_the_year_list_starts_at_next_year(staff_client):
    choices = staff_client.get("/proofread/").context["form"].fields["year"].choices
    this_year = timezone.localdate().year
    assert [value for value, _ in choices[:3]] == ["", this_year + 1, this_year]
    assert choices[-1][0] == 2000

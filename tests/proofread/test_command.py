"""`manage.py proofread FILE`: findings with line and column, exit status 1 when there is one, 0 when none."""

import pytest
from django.core.management import CommandError, call_command
from docx import Document

pytestmark = pytest.mark.django_db


def run(path, *args) -> tuple[int, str]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("proofread", str(path), *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_a_docx_built_here_is_proofread_by_paragraph(tmp_path):
    document = Document()
    document.add_paragraph("一、工作开展情况")
    document.add_paragraph("不断提升科技对全县经济社会开展的贡献率。")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "以党的十九大精神为指导。"
    path = tmp_path / "总结.docx"
    document.save(path)
    code, out = run(path, "--year", "2024")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{path}:2:14: [易混词] “开展”应为“发展”（经济社会发展）（建议：发展）"
    assert lines[1].startswith(f"{path}:3:2: [提法] “党的十九大精神”是2017—2022年的提法，不适用于2024年")
    assert lines[-1] == "共 2 处问题。"


def test_a_clean_docx_exits_zero(tmp_path):
    document = Document()
    document.add_paragraph("不断提升科技对全县经济社会发展的贡献率。")
    path = tmp_path / "总结.docx"
    document.save(path)
    assert run(path) == (0, "未发现问题。\n")


def test_a_gb18030_text_file(tmp_path):
    path = tmp_path / "总结.txt"
    path.write_bytes("第一行正确。\r\n据统计，据统计，全县共有300人参加。\r\n".encode("gb18030"))
    code, out = run(path)
    assert code == 1
    assert out.splitlines()[0] == f"{path}:2:1: [重复] “据统计”重复（建议：据统计）"


def test_other_files_are_refused_in_chinese(tmp_path):
    path = tmp_path / "总结.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CommandError, match=r"另存为 \.docx"):
        call_command("proofread", str(path))
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="Word 文件已损坏"):
        call_command("proofread", str(broken))
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("proofread", str(tmp_path / "无.txt"))


def test_a_text_file_with_a_bom_but_broken_content_is_refused_in_chinese(tmp_path):
    path = tmp_path / "坏.txt"
    path.write_bytes(b"\xff\xfe" + "正确".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate at the end
    with pytest.raises(CommandError, match="编码无法识别"):
        call_command("proofread", str(path))
    path.write_bytes(b"\xef\xbb\xbf\xff\xfe\xfd")
    with pytest.raises(CommandError, match="编码无法识别"):
        call_command("proofread", str(path))

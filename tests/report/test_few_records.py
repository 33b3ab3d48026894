"""Years with few records: what remains is numbered consecutively, praise is not printed over 暂无记录."""

import re

import pytest
from django.core.management import call_command

from bureau.models import AnnualTarget, Report, TargetIndicator
from bureau.report.document import compose, plain_text
from bureau.report.services import report_draft, report_section_save

from .helpers import docx_text, pdf_text

pytestmark = pytest.mark.django_db

CHINESE = "一二三四五六七八九十"
CHAPTER = re.compile(rf"^([{CHINESE}]+)、")
PART = re.compile(rf"^（([{CHINESE}]+)）")


def numbering(text: str) -> list[tuple[int, list[int]]]:
    """[(chapter number, [part numbers])] in the order the headings appear."""
    chapters: list[tuple[int, list[int]]] = []
    for line in text.splitlines():
        line = line.strip()
        if match := CHAPTER.match(line):
            chapters.append((CHINESE.index(match.group(1)) + 1, []))
        elif match := PART.match(line):
            chapters[-1][1].append(CHINESE.index(match.group(1)) + 1)
    return chapters


def assert_consecutive(text: str) -> None:
    chapters = numbering(text)
    assert chapters, text
    assert [number for number, _ in chapters] == list(range(1, len(chapters) + 1)), text
    for _, parts in chapters:
        assert parts == list(range(1, len(parts) + 1)), text


def built(tmp_path, year: int, fmt: str) -> str:
    output = tmp_path / f"report.{fmt}"
    call_command("build_report", year=year, format=fmt, output=str(output))
    data = output.read_bytes()
    return docx_text(data) if fmt == "docx" else "\n".join(line.strip() for line in pdf_text(data).splitlines())


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_year_without_records(db, tmp_path, fmt):
    text = built(tmp_path, 2031, fmt)
    assert_consecutive(text)
    assert "二、2032年工作思路、奋斗目标及具体措施" in text and "三、" not in text
    assert "（一）奋斗目标" in text
    # Neutral headings over 暂无记录, never the praise written for a year of work.
    assert "（四）科技创新平台\n" in text + "\n" and "取得新突破" not in text and "取得新成效" not in text
    assert "2031年暂无科技创新平台和人才入选记录。" in text
    assert "{" not in text and "}" not in text
    assert not Report.objects.exists()


def test_year_with_only_next_years_targets(db, tmp_path):
    AnnualTarget.objects.create(
        year=2032, indicator=TargetIndicator.objects.get(name="专利申请量"), target_value=80, at_least=False
    )
    text = built(tmp_path, 2031, "docx")
    assert_consecutive(text)
    assert "（一）奋斗目标" in text and "80" in text and "2032年度目标尚未确定" not in text
    assert "{" not in text and "}" not in text


def test_dropping_a_part_renumbers_the_rest(db, staff_user):
    report = report_draft(year=2031)
    report_section_save(report=report, key="platforms", text="", omit_when_empty=True, user=staff_user)
    text = plain_text(compose(report))
    assert "科技创新平台" not in text
    assert "（四）科技成果和知识产权" in text and "（六）驻村挂点帮扶" in text and "（七）" not in text
    assert_consecutive(text)
    # Choosing what an empty part prints does not turn its 暂无记录 into staff text.
    assert not report.sections.get(key="platforms").is_edited


def test_staff_text_keeps_the_parts_own_heading(db, staff_user):
    report = report_draft(year=2031)
    report_section_save(
        report=report, key="platforms", text="新建市级工程技术研究中心1家。", omit_when_empty=False, user=staff_user
    )
    text = plain_text(compose(report))
    assert "（四）科技创新平台取得新突破\n新建市级工程技术研究中心1家。" in text

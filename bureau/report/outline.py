"""The report's outline (DOMAIN.md): chapters, their parts, and the builder or narrative behind each.

Headings carry no numbers: a year with few records drops parts, so 一、（一） are counted when the
document is composed (document.number_headings), never written here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from . import builders


@dataclass(frozen=True)
class PartSpec:
    """One editable section: `builder` writes it from the records; None means staff narrative only.

    `title` praises the year's work ("取得新突破"); `neutral` is what prints instead over "暂无记录".
    """

    key: str
    title: str | None
    builder: Callable | None
    neutral: str | None = None

    @property
    def is_narrative(self) -> bool:
        return self.builder is None


@dataclass(frozen=True)
class ChapterSpec:
    key: str
    title: str | None
    parts: tuple[PartSpec, ...]


def outline(year: int) -> tuple[ChapterSpec, ...]:
    """Chapters of the year's report in print order."""
    return (
        ChapterSpec("opening", None, (PartSpec("intro", None, None),)),
        ChapterSpec(
            "work",
            "工作开展情况",
            (
                PartSpec("projects", "科技计划项目取得新成效", builders.build_projects, "科技计划项目"),
                PartSpec("cooperation", "科技合作与交流取得新进步", builders.build_cooperation, "科技合作与交流"),
                PartSpec("high_tech", "高新技术产业发展加快", builders.build_high_tech, "高新技术产业"),
                PartSpec("platforms", "科技创新平台取得新突破", builders.build_platforms, "科技创新平台"),
                PartSpec(
                    "achievements",
                    "科技成果和知识产权工作取得新进展",
                    builders.build_achievements,
                    "科技成果和知识产权",
                ),
                PartSpec("outreach", "着力营造自主创新的浓厚氛围", builders.build_outreach, "科普宣传"),
                PartSpec("assistance", "驻村挂点帮扶工作进展顺利", builders.build_assistance, "驻村挂点帮扶"),
            ),
        ),
        ChapterSpec("problems", "问题和不足", (PartSpec("problems", None, builders.build_problems),)),
        ChapterSpec(
            "plan",
            f"{year + 1}年工作思路、奋斗目标及具体措施",
            (
                PartSpec("ideas", "工作思路", None),
                PartSpec("goals", "奋斗目标", builders.build_goals),
                PartSpec("measures", "具体措施", None),
            ),
        ),
    )


def part_specs(year: int) -> list[PartSpec]:
    return [part for chapter in outline(year) for part in chapter.parts]


# Parts whose text is mostly staff's; a new year's draft may copy them from last year (staff choose which).
CARRY_OVER = ("intro", "problems", "ideas", "measures")

# How messages and the edit page name a part (the untitled ones by their place in the document).
PART_NAMES = {part.key: part.title or chapter.title or "开头" for chapter in outline(2000) for part in chapter.parts}

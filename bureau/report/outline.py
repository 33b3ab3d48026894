"""The report's outline (DOMAIN.md): chapters, their parts, and the builder or narrative behind each."""

from collections.abc import Callable
from dataclasses import dataclass

from . import builders


@dataclass(frozen=True)
class PartSpec:
    """One editable section: `builder` writes it from the records; None means staff narrative only."""

    key: str
    heading: str | None
    builder: Callable | None

    @property
    def is_narrative(self) -> bool:
        return self.builder is None


@dataclass(frozen=True)
class ChapterSpec:
    heading: str | None
    parts: tuple[PartSpec, ...]


def outline(year: int) -> tuple[ChapterSpec, ...]:
    """Chapters of the year's report in print order."""
    return (
        ChapterSpec(None, (PartSpec("intro", None, None),)),
        ChapterSpec(
            "一、工作开展情况",
            (
                PartSpec("projects", "（一）科技计划项目取得新成效", builders.build_projects),
                PartSpec("cooperation", "（二）科技合作与交流取得新进步", builders.build_cooperation),
                PartSpec("high_tech", "（三）高新技术产业发展加快", builders.build_high_tech),
                PartSpec("platforms", "（四）科技创新平台取得新突破", builders.build_platforms),
                PartSpec("achievements", "（五）科技成果和知识产权工作取得新进展", builders.build_achievements),
                PartSpec("outreach", "（六）着力营造自主创新的浓厚氛围", builders.build_outreach),
                PartSpec("assistance", "（七）驻村挂点帮扶工作进展顺利", builders.build_assistance),
            ),
        ),
        ChapterSpec("二、问题和不足", (PartSpec("problems", None, builders.build_problems),)),
        ChapterSpec(
            f"三、{year + 1}年工作思路、奋斗目标及具体措施",
            (
                PartSpec("ideas", "（一）工作思路", None),
                PartSpec("goals", "（二）奋斗目标", builders.build_goals),
                PartSpec("measures", "（三）具体措施", None),
            ),
        ),
    )


def part_specs(year: int) -> list[PartSpec]:
    return [part for chapter in outline(year) for part in chapter.parts]


# Parts whose text is mostly staff's and carries over to the next year's draft.
CARRY_OVER = ("intro", "problems", "ideas", "measures")

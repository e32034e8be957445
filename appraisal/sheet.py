"""One scorecard as its paper form (考评表) shows it: what the Excel and PDF score sheets print.

The sheets are the hospital's Chinese form, so their headings are the form's own terms (姓名, 职务,
考评人 … as in the policy document), whatever language the person exporting uses.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from core.exports import safe_cell

from .models import Scorecard

STATE_NAMES = {
    Scorecard.State.SELF_ASSESSMENT: "自评中",
    Scorecard.State.REVIEW: "复评中",
    Scorecard.State.CONFIRMATION: "待本人确认",
    Scorecard.State.LOCKED: "已确认",
}
LOCKED_NAME = STATE_NAMES[Scorecard.State.LOCKED]


def percent(weight):
    return f"{(weight * 100).normalize():f}%"


def points_text(value):
    return "" if value is None else f"{value:.2f}"




def moment_text(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@dataclass(slots=True)
class SheetItem:
    number: int
    item_pk: int
    name: str
    description: str
    criteria: str
    max_points: Decimal
    self_score: Decimal | None
    self_part: Decimal
    reviewer_score: Decimal | None
    reviewer_part: Decimal
    score: Decimal
    continues_name: bool  # the same item name as the row above (one merged cell on the paper form)


@dataclass(slots=True)
class SheetSection:
    code: str
    name: str
    heading: str
    item_label: str
    description_label: str
    note: str
    items: list
    max_points: Decimal
    self_total: Decimal
    self_part: Decimal
    reviewer_total: Decimal
    reviewer_part: Decimal
    score: Decimal


@dataclass(slots=True)
class SheetLine:
    number: int
    fact: str
    basis: str
    points: Decimal


@dataclass
class ScoreSheet:
    scorecard: Scorecard
    title: str
    name: str
    username: str
    post: str
    reviewer: str
    department: str
    period_text: str
    state: str
    is_locked: bool
    self_weight: Decimal
    reviewer_weight: Decimal
    instructions: str
    sections: list
    bonus_guidance: str
    deduction_guidance: str
    total_note: str
    bonus_lines: list
    deduction_lines: list
    total: Decimal
    bonus: Decimal
    deductions: Decimal
    final: Decimal
    grade: str
    grade_rule: str
    bands: list = field(default_factory=list)  # [(name, lower bound)] highest first
    summary_gains: str = ""
    summary_losses: str = ""
    opinion: str = ""
    reviewer_signature: str = ""
    person_signature: str = ""
    self_missing: bool = False
    self_missing_note: str = ""
    attachments: list = field(default_factory=list)  # "name（description）" of each attached page (附页)

    @property
    def self_heading(self):
        return "未自评" if self.self_missing else f"自评{percent(self.self_weight)}"

    @property
    def reviewer_heading(self):
        return f"考评{percent(self.reviewer_weight)}"

    @classmethod
    def of(cls, scorecard):
        figures = scorecard.figures()
        template = scorecard.template
        sections, number = [], 0
        for section_figure in figures.sections:
            section = section_figure.section
            items, previous = [], None
            for figure in section_figure.items:
                number += 1
                item = figure.item
                items.append(SheetItem(
                    number=number, item_pk=item.pk, name=item.name, description=item.description,
                    criteria=item.criteria, max_points=item.max_points, self_score=figure.self_score,
                    self_part=figure.self_part, reviewer_score=figure.line.reviewer_score,
                    reviewer_part=figure.reviewer_part, score=figure.score, continues_name=item.name == previous,
                ))
                previous = item.name
            sections.append(SheetSection(
                code=section.code, name=section.name, heading=section_figure.heading(),
                item_label=section.item_label, description_label=section.description_label, note=section.note,
                items=items, max_points=section_figure.max_points, self_total=section_figure.self_total,
                self_part=section_figure.self_part, reviewer_total=section_figure.reviewer_total,
                reviewer_part=section_figure.reviewer_part, score=section_figure.score,
            ))
        grade_rule = ""
        if figures.grade is not None:
            upper = f" 且 < {figures.grade_upper:.2f}" if figures.grade_upper is not None else ""
            grade_rule = f"≥ {figures.grade.min_score:.2f}{upper}"
        reviewer = scorecard.reviewer_confirmed_by or scorecard.reviewer
        start, end = scorecard.period_range()
        user = scorecard.user
        missing_note = ""
        if figures.self_missing:
            missing_note = (
                f"未自评：被考核人未在 {scorecard.self_deadline:%Y-%m-%d} 前提交自评，由考评人直接考评。"
                f"各项得分 = 考评分 × {percent(figures.reviewer_weight)}"
                f"（自评{percent(figures.template_self_weight)} + 考评{percent(figures.template_reviewer_weight)}），"
                f"自评草稿不计分。")
        return cls(
            scorecard=scorecard, title=template.name, name=user.display_name, username=user.username,
            post=template.post.name, reviewer=reviewer.display_name if reviewer else "",
            department=scorecard.department.name,
            period_text=f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日",
            state=STATE_NAMES.get(scorecard.state, scorecard.state) + ("（未自评）" if figures.self_missing else "")
            + ("（已归档）" if scorecard.is_closed() else ""),
            is_locked=scorecard.is_locked(),
            self_weight=figures.self_weight, reviewer_weight=figures.reviewer_weight,
            self_missing=figures.self_missing, self_missing_note=missing_note,
            instructions=template.instructions, sections=sections,
            bonus_guidance=template.bonus_guidance, deduction_guidance=template.deduction_guidance,
            total_note=template.total_note,
            bonus_lines=[SheetLine(i, safe_cell(a.fact), safe_cell(a.basis), a.points)
                         for i, a in enumerate(figures.bonus_lines, 1)],
            deduction_lines=[SheetLine(i, safe_cell(a.fact), safe_cell(a.basis), a.points)
                             for i, a in enumerate(figures.deduction_lines, 1)],
            total=figures.total, bonus=figures.bonus, deductions=figures.deductions, final=figures.final,
            grade=figures.grade.name if figures.grade and figures.complete else "",
            grade_rule=grade_rule if figures.complete else "",
            bands=[(band.name, band.min_score) for band in template.sorted_bands()],
            summary_gains=safe_cell(scorecard.summary_gains), summary_losses=safe_cell(scorecard.summary_losses),
            opinion=safe_cell(scorecard.reviewer_opinion),
            attachments=[safe_cell(f"{a.name}（{a.description}）" if a.description else a.name)
                         for a in scorecard.attachments.all()],
            reviewer_signature=_signature(scorecard.reviewer_confirmed_by, scorecard.reviewer_confirmed_at),
            person_signature=_signature(scorecard.staff_confirmed_by, scorecard.staff_confirmed_at),
        )


def _signature(user, moment):
    if user is None or moment is None:
        return ""
    return f"{user.display_name}　{moment_text(moment)}"


def month_title(period):
    return f"{period.year}年{period.month}月"

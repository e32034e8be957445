"""Training as Excel workbooks: the annual hours summary (年度培训学时汇总) and a plan's items (年度培训计划).
Headers in Chinese; user text through safe_cell()."""

from core.exports import TableExporter, safe_cell


class HoursExporter(TableExporter):
    headers = ("工号", "姓名", "科室", "岗位", "内部培训（必修）", "内部培训（选修）", "外派培训", "自学", "合计",
               "年度目标（新进人员按比例）", "尚差", "是否达标")
    widths = (10, 10, 12, 14, 14, 14, 10, 8, 8, 10, 8, 10)

    def __init__(self, ledger, year):
        self.ledger = ledger  # LedgerRows (selectors.department_ledger)
        self.year = year
        self.title = f"{year}年度培训学时汇总"

    def rows(self):
        for row in self.ledger:
            person, profile = row.person, row.person.profile
            yield [
                safe_cell(person.username), safe_cell(person.display_name), safe_cell(profile.department.name),
                safe_cell(profile.post.name) if profile.post_id else "",
                float(row.internal_required), float(row.internal_elective), float(row.external), float(row.self_study),
                float(row.total), float(row.target), float(row.remaining), "是" if row.is_met else "否",
            ]


class PlanExporter(TableExporter):
    headers = ("序号", "培训内容", "类别", "形式", "必修/选修", "计划时间", "地点", "培训对象", "培训人", "计划学时",
               "新进人员培训")
    widths = (6, 30, 10, 12, 10, 24, 14, 24, 12, 10, 12)

    def __init__(self, plan):
        self.plan = plan
        # The sheet is named after the title: no user text in it (a sheet name refuses / ? * [ ] :).
        self.title = f"{plan.year}年度培训计划（第{plan.revision}版）"

    def rows(self):
        items = self.plan.items.select_related("trainer").prefetch_related(
            "audience_posts", "audience_people", "audience_departments")
        for item in items:
            yield [
                item.order, safe_cell(item.title), item.get_content_kind_display(), item.get_form_display(),
                item.get_requirement_display(),
                f"{item.planned_from:%Y-%m-%d} – {item.planned_until:%Y-%m-%d} {item.schedule_note}".strip(),
                safe_cell(item.place), safe_cell(audience_text(item)), safe_cell(item.trainer_display()),
                float(item.planned_hours), "是" if item.is_induction else "",
            ]


def audience_text(item):
    """The audience as one line (the plan page and the export)."""
    from .models import AudienceKind

    if item.audience_kind == AudienceKind.POSTS:
        return "、".join(post.name for post in item.audience_posts.all())
    if item.audience_kind == AudienceKind.PEOPLE:
        return "、".join(person.display_name for person in item.audience_people.all())
    if item.audience_kind == AudienceKind.HOSPITAL:
        return "、".join(department.name for department in item.audience_departments.all())
    return str(item.get_audience_kind_display())

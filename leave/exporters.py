"""Leave records as an Excel workbook (请假记录, 记录管理). Headers in Chinese; user text through safe_cell()."""

from django.utils import timezone

from core.exports import TableExporter, safe_cell

HEADERS = ("编号", "工号", "姓名", "科室", "类别", "开始", "结束", "工作日", "事由", "延长理由", "工作代理人", "状态",
           "返岗日期", "申请时间")
WIDTHS = (8, 10, 10, 12, 8, 16, 16, 8, 30, 24, 10, 12, 16, 17)


class LeaveExporter(TableExporter):
    headers = HEADERS
    widths = WIDTHS

    def __init__(self, leaves, title="请假记录"):
        self.leaves = leaves
        self.title = title

    def rows(self):
        for leave in self.leaves.iterator(chunk_size=2000):
            back = f"{leave.returned_on:%Y-%m-%d} {leave.get_return_half_display()}" if leave.returned_on else ""
            yield [
                leave.pk, safe_cell(leave.person.username), safe_cell(leave.person.display_name),
                safe_cell(leave.department.name), safe_cell(leave.leave_type.name),
                f"{leave.starts_on:%Y-%m-%d} {leave.get_start_half_display()}",
                f"{leave.ends_on:%Y-%m-%d} {leave.get_end_half_display()}", float(leave.working_days),
                safe_cell(leave.reason), safe_cell(leave.extension_reason),
                safe_cell(leave.cover.display_name) if leave.cover_id else "", leave.get_state_display(), back,
                timezone.localtime(leave.created_at).replace(tzinfo=None),
            ]

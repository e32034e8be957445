"""The grants register as an Excel workbook (授权登记表). Headers in Chinese; user text through safe_cell()."""

from django.utils import timezone

from core.exports import TableExporter, safe_cell

HEADERS = ("工号", "姓名", "科室", "信息系统", "权限组", "用户帐号", "授权时间", "审批申请", "执行人", "状态",
           "注销时间", "注销原因")
WIDTHS = (10, 10, 12, 18, 16, 16, 17, 10, 10, 8, 17, 28)


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


class GrantExporter(TableExporter):
    headers = HEADERS
    widths = WIDTHS

    def __init__(self, grants, title="授权登记表"):
        self.grants = grants
        self.title = title

    def rows(self):
        for grant in self.grants.iterator(chunk_size=2000):
            profile = getattr(grant.user, "profile", None)
            yield [
                safe_cell(grant.user.username), safe_cell(grant.user.display_name),
                safe_cell(profile.department.name) if profile else "", safe_cell(grant.system.name),
                safe_cell(grant.permission_set.name), safe_cell(grant.account_id), _local(grant.granted_at),
                f"#{grant.request_id}", safe_cell(grant.executed_by.display_name),
                "有效" if grant.revoked_at is None else "已注销", _local(grant.revoked_at),
                safe_cell(grant.revoked_reason),
            ]

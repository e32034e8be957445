"""The training deductions the post's items justify are offered on the person's monthly scorecard (appraisal's
line-source registry), and the reviewer sees the month's training facts beside them. October 2026, reviewed on
16 November."""

from decimal import Decimal

from django.urls import reverse

from appraisal.models import Adjustment
from tests.appraisal.helpers import open_month, scorecard_of, submitted
from tests.html import by_testid
from training.models import EvidenceProposal

from .test_evidence import OCTOBER, october  # noqa: F401  (the fixture)


def test_the_month_s_deductions_are_proposed_on_the_scorecard(client, org, october):  # noqa: F811
    open_month(OCTOBER)
    scorecard = submitted(org.employee, OCTOBER)
    lines = list(scorecard.adjustments.filter(source="training").order_by("pk"))
    rows = {row.pk: row for row in EvidenceProposal.objects.all()}
    assert [(line.kind, line.fact, line.points, line.status, line.evidence_id in rows) for line in lines] == [
        ("deduction", "未进行辅导和教育培训的每次扣1分：本月未组织或讲授培训", Decimal("1.00"), Adjustment.Status.PROPOSED, True),
        ("deduction", "制作信息化系统运行中的问题及处理方法PPT每月10张，不完成扣10分：本月上传 8 张，要求 10 张", Decimal("10.00"), Adjustment.Status.PROPOSED, True),
        ("deduction", "不参与考核每周扣5分：未参加每周科员专业考核（10-12）", Decimal("5.00"), Adjustment.Status.PROPOSED, True),
    ]
    assert (lines[0].basis, lines[0].source_label(), lines[0].evidence_url()) == (
        "绩效考核项目“对信息科内技术岗位提供辅导和继续教育培训”，每次扣 1 分（依据培训记录）。", "培训",
        reverse("training:evidence_line", args=[lines[0].evidence_id]))
    assert scorecard_of(org.employee, OCTOBER).deduction_points() == 0  # proposed, not applied

    client.force_login(org.supervisor)
    page = client.get(reverse("appraisal:review", args=[scorecard.pk]))
    assert by_testid(page, "month-facts") == (
        "培训记录查看记录 参加的培训1 次，2 学时本年度学时2 / 20考核通过 0 次，未通过 1 次，缺考 1 次"
        "科室每周科员专业考核4 周中举行了 2 周问题及处理方法PPT8 张组织或讲授的培训0 场")
    client.post(reverse("appraisal:adjustment_decide", args=[scorecard.pk, lines[2].pk]), {"accept": "1"})
    assert scorecard_of(org.employee, OCTOBER).deduction_points() == Decimal("5.00")

"""The consent form (授权同意书) to print and sign, always in Chinese (it goes on paper to IT and back to the
approving department).

人员授权审批制度 (七): 被审批人向科室负责人提出申请 → 科室负责人向分管院长提出申请 → 分管院长审批同意 → 提供纸质
同意书 → 交由信息科办理 → 有关资料反馈审批科室. The form carries the request and the approvals given in Xinke, with
lines for the signatures, IT's handling and the return of the papers. Every value from a person goes through
core.pdf.text() (escaped: reportlab reads paragraph text as markup; line breaks kept).
"""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from approvals.models import ChainRule, Step
from core.pdf import grid_table, register_cjk_font, styles, when
from core.pdf import text as paragraph

BLANK = "＿" * 8


def _name(profile_field):
    return profile_field.name if profile_field is not None else "—"


def consent_pdf(account_request):
    style = styles()

    def text(value, kind="body"):
        return paragraph(value or "", style[kind])

    applicant = account_request.applicant
    profile = getattr(applicant, "profile", None)
    system = account_request.system
    approval = account_request.approval
    steps = list(approval.steps.filter(round=approval.round, kind=ChainRule.Kind.APPROVE).exclude(
        state__in=[Step.State.SKIPPED, Step.State.CANCELLED]).select_related("decided_by").order_by("order"))
    granted = "、".join(p.name for p in account_request.permission_sets.all()) or "—"
    removed = "、".join(p.name for p in account_request.removed_sets.all())

    facts = [
        ["被审批人", text(f"{applicant.display_name}（工号 {applicant.username}）"),
         "所在科室", text(approval.department.name)],
        ["行政职务", text(_name(getattr(profile, "position", None))),
         "业务职称", text(_name(getattr(profile, "professional_title", None)))],
        ["信息系统", text(system.name), "审批科室", text(system.owner_department.name)],
        ["申请类别", account_request.KIND_TERMS[account_request.kind], "申请编号", f"SQ-{account_request.pk}"],
        ["授予权限组", text(granted), "撤销权限组", text(removed or "—")],
    ]
    story = [
        Paragraph("信息系统授权同意书", style["title"]),
        Paragraph(f"依据：医院信息系统授权审批制度（七）　　打印时间：{when(timezone.now())}", style["small"]),
        Spacer(1, 5 * mm),
        grid_table([["项目", "内容", "项目", "内容"], *facts], [24 * mm, 61 * mm, 24 * mm, 61 * mm]),
        Spacer(1, 3 * mm),
        Paragraph("申请理由", style["heading"]),
        text(account_request.reason),
        Spacer(1, 4 * mm),
        Paragraph("系统内审批记录", style["heading"]),
    ]
    record = [["环节", "审批人", "时间", "意见"]]
    for step in steps:
        record.append([text(step.label, "small"), text(step.decided_by.display_name if step.decided_by else "",
                                                       "small"),
                       when(step.decided_at), text(step.comment or "同意", "small")])
    story += [grid_table(record, [50 * mm, 28 * mm, 32 * mm, 60 * mm]), Spacer(1, 5 * mm)]
    signatures = [["签字人", "签字", "日期"],
                  ["被审批人", "", ""], ["科室负责人", "", ""], ["分管院长（审批同意）", "", ""]]
    # The part people sign and IT fills in stays on one page (a long reason pushes all of it over, never half).
    story.append(KeepTogether([
        Paragraph("签字确认", style["heading"]),
        grid_table(signatures, [50 * mm, 70 * mm, 50 * mm], heights=[None] + [12 * mm] * 3), Spacer(1, 5 * mm),
        Paragraph("信息科办理", style["heading"]),
        Paragraph(f"收到签字同意书：{BLANK}（日期）　　经办人：{BLANK}　　用户帐号：{BLANK}", style["body"]),
        Spacer(1, 3 * mm),
        Paragraph(f"办理完毕日期：{BLANK}　　有关资料已反馈审批科室（{escape(system.owner_department.name)}），"
                  f"签收人：{BLANK}", style["body"]),
        Spacer(1, 6 * mm),
        Paragraph("本同意书经被审批人、科室负责人和分管院长签字后交信息科；信息科收到后方可办理，"
                  "办理完毕后将有关资料反馈审批科室。", style["small"])]))

    def footer(canvas, document):  # a form of two pages still says which request each page belongs to
        canvas.saveState()
        canvas.setFont(register_cjk_font(), 8)
        canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"授权同意书 SQ-{account_request.pk} · 第 {document.page} 页")
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                                 bottomMargin=16 * mm, title=f"授权同意书 SQ-{account_request.pk}", author="Xinke",
                                 initialFontName=register_cjk_font())  # no stray Helvetica: one embedded font
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()

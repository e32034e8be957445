"""The cancellation certificate (注销确认证明) as a PDF, always in Chinese (it goes to HR's files).

Built from the records at each request, so a copy printed later is the same document.
"""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from approvals.models import Step
from core.pdf import grid_table, styles, text, when


def certificate_pdf(revocation):
    style = styles()
    person = revocation.person
    grants = list(revocation.grants.select_related("system", "permission_set").order_by("system__sort_order", "pk"))
    approval = revocation.approval
    steps = list(approval.steps.filter(round=approval.round).exclude(
        state__in=[Step.State.SKIPPED, Step.State.CANCELLED]).select_related("decided_by").order_by("order"))

    story = [
        Paragraph("信息系统账号注销确认证明", style["title"]),
        text(f"编号：{revocation.certificate_no}　　出具时间：{when(revocation.issued_at)}", style["small"]),
        Spacer(1, 6 * mm),
        text(
            f"兹证明 {person.display_name}（工号 {person.username}，{revocation.department.name}）因"
            f"{revocation.REASON_TERMS[revocation.reason]}，其在本院信息系统中的下列账号及权限"
            f"已于 {when(revocation.issued_at, '%Y年%m月%d日')} 由信息科全部注销"
            f"（生效日期 {revocation.effective_on:%Y年%m月%d日}）。", style["body"]),
        Spacer(1, 4 * mm),
    ]
    rows = [["序号", "信息系统", "权限组", "用户帐号", "授权时间", "注销时间"]]
    for number, grant in enumerate(grants, start=1):
        rows.append([str(number), text(grant.system.name, style["small"]),
                     text(grant.permission_set.name, style["small"]), text(grant.account_id, style["small"]),
                     when(grant.granted_at, "%Y-%m-%d"), when(grant.revoked_at)])
    if len(rows) == 1:
        rows.append(["", "（注销时已无有效授权）", "", "", "", ""])
    story.append(grid_table(rows, [12 * mm, 38 * mm, 34 * mm, 30 * mm, 24 * mm, 32 * mm]))
    story += [Spacer(1, 6 * mm), Paragraph("签批记录", style["heading"])]
    signatures = [["环节", "签批人", "时间", "意见"]]
    for step in steps:
        signatures.append([text(step.label, style["small"]),
                           text(step.decided_by.display_name if step.decided_by else "", style["small"]),
                           when(step.decided_at), text(step.comment or "同意", style["small"])])
    story.append(grid_table(signatures, [44 * mm, 26 * mm, 32 * mm, 68 * mm]))
    if revocation.note:
        story += [Spacer(1, 4 * mm), text(f"备注：{revocation.note}", style["body"])]
    story += [
        Spacer(1, 8 * mm),
        Paragraph("本证明由信息科出具。人力资源部门收到本证明后，方可为该用户办理离岗或转岗手续"
                  "（授权审批及人员离岗制度）。", style["body"]),
        Spacer(1, 10 * mm),
        text(f"信息科（盖章）　　　　经办人：{revocation.issued_by.display_name if revocation.issued_by else ''}",
             style["body"]),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                                 bottomMargin=18 * mm, title=f"注销确认证明 {revocation.certificate_no}",
                                 author="Xinke")
    document.build(story)
    return buffer.getvalue()

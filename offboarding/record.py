"""The handover record (离岗交接记录) as a PDF, always in Chinese (it goes to HR's files).

Built from the records at each request, so a copy printed later is the same document.
"""

import io

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from core.pdf import grid_table, styles, text, when

from .models import EquipmentLine, Handover, HandoverItem

KIND = {Handover.Kind.DEPARTURE: "离职", Handover.Kind.TRANSFER: "转岗/调动"}
ITEM_STATE = {HandoverItem.State.PENDING: "未交付", HandoverItem.State.HANDED_OVER: "已交付，待确认",
              HandoverItem.State.CONFIRMED: "接交人员已确认"}
STATE = {Handover.State.OPEN: "交接中", Handover.State.CONFIRMED: "接交人员已确认",
         Handover.State.COMPLETED: "人事科已办结", Handover.State.CANCELLED: "已取消"}
DISPOSITION = {EquipmentLine.Disposition.RETURNED: "归还", EquipmentLine.Disposition.TRANSFERRED: "移交接交人员"}


def _when_or_dash(moment, pattern="%Y-%m-%d %H:%M"):
    return when(moment, pattern, empty="—")


def handover_record_pdf(handover):
    style = styles()
    person, successor = handover.person, handover.successor
    items = list(handover.items.select_related("owner", "confirmed_by").order_by("order", "pk"))
    equipment = list(handover.equipment.select_related("confirmed_by").order_by("pk"))
    revocation = handover.revocation
    p = lambda value: text(value, style["small"])  # noqa: E731 - user text, escaped

    story = [
        Paragraph("信息科人员离岗交接记录", style["title"]),
        Paragraph(f"编号：JJ-{handover.pk:05d}　　状态：{STATE[handover.state]}　　打印时间：{_when_or_dash(timezone.now())}",
                  style["small"]),
        Spacer(1, 5 * mm),
    ]
    facts = [
        ["离岗人员", f"{person.display_name}（工号 {person.username}）", "类别", KIND[handover.kind]],
        ["原科室", handover.department.name, "原岗位", handover.post.name if handover.post else "—"],
        ["离岗/转岗日期", f"{handover.effective_on:%Y年%m月%d日}", "接交人员",
         f"{successor.display_name}（工号 {successor.username}）"],
    ]
    if handover.kind == Handover.Kind.TRANSFER:
        facts.append(["调入科室", handover.target_department.name if handover.target_department else "—", "新岗位",
                      handover.target_post.name if handover.target_post else "—"])
    story.append(grid_table(facts, [28 * mm, 57 * mm, 28 * mm, 57 * mm]))
    story += [Spacer(1, 5 * mm), Paragraph("交接内容", style["heading"])]
    rows = [["序号", "交接事项", "交付人", "交付说明", "状态", "接交人员确认"]]
    for number, item in enumerate(items, start=1):
        confirmed = f"{item.confirmed_by.display_name} {_when_or_dash(item.confirmed_at)}" if item.confirmed_by else "—"
        rows.append([str(number), p(item.title), item.owner.display_name, p(item.note or "—"),
                     p(ITEM_STATE[item.state]), p(confirmed)])
    story.append(grid_table(rows, [10 * mm, 48 * mm, 18 * mm, 44 * mm, 22 * mm, 28 * mm]))
    story += [Spacer(1, 5 * mm), Paragraph("设备清单", style["heading"])]
    rows = [["序号", "资产编号", "设备", "去向", "接交人员确认"]]
    for number, line in enumerate(equipment, start=1):
        confirmed = f"{line.confirmed_by.display_name} {_when_or_dash(line.confirmed_at)}" if line.confirmed_by else "—"
        rows.append([str(number), line.asset_number, p(line.name), DISPOSITION[line.disposition], p(confirmed)])
    if len(rows) == 1:
        rows.append(["", "（无分管设备）", "", "", ""])
    story.append(grid_table(rows, [10 * mm, 34 * mm, 56 * mm, 30 * mm, 40 * mm]))
    story += [Spacer(1, 5 * mm), Paragraph("确认与办结", style["heading"])]
    password = ("不涉及" if not handover.password_change_required
                else (f"已更换（{_when_or_dash(handover.passwords_changed_at)}）" if handover.passwords_changed_at else "未确认"))
    certificate = "—"
    if revocation is not None and revocation.issued_at:
        certificate = f"{revocation.certificate_no}（{_when_or_dash(revocation.issued_at)}）"
    elif revocation is not None:
        certificate = "信息科尚未出具"
    signatures = [
        ["环节", "签字人", "时间"],
        ["离岗人员发起/交付", person.display_name, _when_or_dash(handover.created_at)],
        ["接交人员现场确认交接成功", successor.display_name, _when_or_dash(handover.confirmed_at)],
        ["接交人员更换交接口令", successor.display_name if handover.passwords_changed_at else "—", password],
        ["信息科注销账号并出具注销确认证明", revocation.issued_by.display_name
         if revocation is not None and revocation.issued_by else "—", certificate],
        ["人事科办结离岗/转岗手续", handover.completed_by.display_name if handover.completed_by else "—",
         _when_or_dash(handover.completed_at)],
    ]
    story.append(grid_table([[p(cell) if isinstance(cell, str) and len(cell) > 16 else cell for cell in row]
                             for row in signatures], [62 * mm, 40 * mm, 68 * mm]))
    if handover.note:
        story += [Spacer(1, 4 * mm), text(f"备注：{handover.note}", style["body"])]
    story += [
        Spacer(1, 6 * mm),
        Paragraph("交接的口令、工号及密码仅记录为已交付，系统不保存密码本身。离岗人员不得再使用其工号密码进入医院内部系统"
                  "进行任何操作；接交人员须及时更换密码。人力资源部门收到注销确认证明后方可办理离岗或转岗手续。",
                  style["small"]),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                                 bottomMargin=18 * mm, title=f"离岗交接记录 JJ-{handover.pk:05d}", author="Xinke")
    document.build(story)
    return buffer.getvalue()

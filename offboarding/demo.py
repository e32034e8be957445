"""Demo handovers for seed_demo, through the services (so the audit chain and the authz flow are the real ones):

- completed: 钱峰 (1011, 网络管理员) left the hospital; 刘洋 (1004) took over; IT (张伟 1003) revoked his accounts and
  issued the certificate; HR (吴芳 2002) completed it — his sign-in is disabled, the handover record prints;
- in progress: 赵磊 (1007, 系统管理员) moves to 医务科 in ten days; 张伟 (1003) is his successor and still has items to
  check on the spot; the revocation waits for HR's signature (周敏 2001 / 吴芳 2002).

Idempotent: nothing is added once a demo handover exists.
"""

import datetime

from django.utils import timezone

from approvals.models import Step
from approvals.services import Decision, step_decide
from authz import services as authz_services
from authz.models import InformationSystem, PermissionSet
from staff.models import Department, Post, ProfessionalTitle, StaffProfile, User

from . import services
from .models import EquipmentLine, Handover

ORDER = 70  # seed_demo runs the demos in this order (core/management/commands/seed_demo.py)

MARKER = "演示："
PEOPLE = ["0001", "1001", "1002", "1003", "1004", "1007", "2001", "2002"]


def _decide_all(subject, people, skip_kinds=("execute",)):
    """Every approval step decided by its assignee (HR's pool: 周敏 2001 unless she applied); stops at IT's step."""
    while True:
        step = Step.objects.filter(request=subject.approval_id, state=Step.State.ACTIVE).first()
        if step is None or step.kind in skip_kinds:
            return step
        by = step.assignee or (people["2002"] if subject.applicant.username == "2001" else people["2001"])
        step_decide(step=step, by=by, decision=Decision.APPROVE, comment="同意。")


def _departed_person(people):
    """钱峰 1011: hired 2019, held the data centre's operations login."""
    user = User.objects.filter(username="1011").first()
    if user is not None:
        return user
    from staff.demo import DEMO_PASSWORD, demo_id_number

    user = User(username="1011", name="钱峰", email="1011@hospital.example", must_change_password=False)
    user.set_password(DEMO_PASSWORD)
    user.save()
    from django.contrib.auth.models import Group

    user.groups.set([Group.objects.get(name="科员")])
    StaffProfile.objects.create(
        user=user, department=Department.objects.get(code="it"), post=Post.objects.filter(code="network_admin").first(),
        professional_title=ProfessionalTitle.objects.filter(name="助理工程师").first(), education=StaffProfile.Education.BACHELOR, phone="13800131011",
        id_number=demo_id_number("1011", datetime.date(1995, 4, 12)), hire_date=datetime.date(2019, 7, 1),
        status=StaffProfile.Status.REGULAR, supervisor=people["1002"])
    system = InformationSystem.objects.get(code="data_center")
    account_request = authz_services.account_request_create(
        applicant=user, by=user, kind="new", system=system,
        permission_sets=list(PermissionSet.objects.filter(system=system, name="服务器运维登录")),
        removed_sets=[], reason=MARKER + "网络与服务器运维值班需要。")
    authz_services.subject_submit(subject=account_request, by=user)
    account_request.approval.refresh_from_db()
    _decide_all(account_request, people)
    authz_services.consent_received(account_request=account_request, by=people["1003"])
    authz_services.account_request_execute(account_request=account_request, by=people["1003"], account_id="qianfeng",
                                           password_delivered=True)
    return user


def _hand_over(handover, notes):
    for item in handover.items.all():
        if item.category in notes:
            services.item_hand_over(item=item, by=item.owner, note=notes[item.category])


def seed():
    people = {user.username: user for user in User.objects.filter(username__in=PEOPLE)}
    if len(people) < len(PEOPLE) or Handover.objects.filter(note__startswith=MARKER).exists():
        return 0
    today = timezone.localdate()
    notes = {
        "credentials": "交换机、防火墙管理口令及运维账号当面交付（系统不记录密码）。",
        "documents": "网络拓扑、VLAN 规划、设备配置备份：共享盘 \\\\xxk-nas\\网络\\。",
        "contracts": "核心交换机维保合同原件交科室档案柜 2 号。",
        "reports": "2026 年网络巡检记录和季度总结在共享盘。",
        "equipment": "见设备清单。",
        "work": "三楼弱电间改造项目进度表已移交；每周一核心设备巡检。",
        "other": "机房门禁卡 1 张、弱电间钥匙 2 把。",
    }

    # Completed: 钱峰 left; every step done in the policy's order.
    leaver = _departed_person(people)
    done = services.handover_start(person=leaver, kind=Handover.Kind.DEPARTURE, effective_on=today,
                                   successor=people["1004"], by=leaver, note=MARKER + "个人原因离职，已与人事科确定离职日期。")
    for asset, name, disposition in (("XK-2019-0107", "ThinkPad T14 笔记本", "returned"),
                                     ("XK-2021-0033", "Fluke 网络测试仪", "transferred")):
        services.equipment_add(handover=done, by=leaver, asset_number=asset, name=name, disposition=disposition)
    _hand_over(done, notes)
    for item in done.items.all():
        services.item_confirm(item=item, by=people["1004"])
    for line in done.equipment.all():
        services.equipment_confirm(line=line, by=people["1004"])
    services.handover_confirm(handover=done, by=people["1004"])
    services.handover_passwords_changed(handover=done, by=people["1004"])
    done.refresh_from_db()
    _decide_all(done.revocation, people)
    authz_services.revocation_execute(revocation=done.revocation, by=people["1003"])
    services.handover_complete(handover=done, by=people["2002"])

    # In progress: 赵磊 moves to 医务科; 张伟 checks on the spot.
    mover = people["1007"]
    moving = services.handover_start(
        person=mover, kind=Handover.Kind.TRANSFER, effective_on=today + datetime.timedelta(days=10),
        successor=people["1003"], by=mover, target_department=Department.objects.get(code="medical"),
        note=MARKER + "调往医务科从事病案信息质控。")
    services.equipment_add(handover=moving, by=mover, asset_number="XK-2022-0051", name="Dell OptiPlex 台式机",
                           disposition=EquipmentLine.Disposition.TRANSFERRED)
    services.equipment_add(handover=moving, by=mover, asset_number="XK-2023-0012", name="USB 串口调试线",
                           disposition=EquipmentLine.Disposition.RETURNED)
    _hand_over(moving, {key: notes[key] for key in ("credentials", "documents", "reports", "equipment", "work")})
    for item in moving.items.filter(category__in=["documents", "reports"]):
        services.item_confirm(item=item, by=people["1003"])
    services.equipment_confirm(line=moving.equipment.get(asset_number="XK-2022-0051"), by=people["1003"])
    moving.refresh_from_db()
    if moving.revocation is not None:
        step = Step.objects.filter(request=moving.revocation.approval_id, state=Step.State.ACTIVE).first()
        if step is not None and step.assignee_id:
            step_decide(step=step, by=step.assignee, decision=Decision.APPROVE, comment="同意。")
    return 2

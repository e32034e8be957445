"""Demo history of accounts and permissions for seed_demo: requests in every state across several systems and
departments, grants, revocations, privileged changes, outside technicians and access reviews.

Everything goes through the services (so the audit chain is the real one). Idempotent: nothing is added once
the demo's first request exists.
"""

import datetime

from django.utils import timezone

from approvals.models import Step
from approvals.services import Decision, request_withdraw, step_decide
from staff.models import Position, ProfessionalTitle, User

from . import services
from .models import AccessReview, AccessReviewItem, AccountRequest, InformationSystem, KeyActivityKind, PermissionSet

ORDER = 50  # seed_demo runs the demos in this order (core/management/commands/seed_demo.py)

MARKER = "演示："  # the reasons of the demo's requests start with it


PEOPLE = ["0001", "1001", "1002", "1003", "1004", "1005", "1006", "1007", "2001", "2002", "3001", "3002", "3003",
          "4001", "4002", "4003", "4101", "4102", "4201", "4202", "4301"]


def _people():
    return {user.username: user for user in User.objects.filter(username__in=PEOPLE)}


def _sets(system_code, *names):
    return list(PermissionSet.objects.filter(system__code=system_code, name__in=names))


def _decide(subject, by, decision=Decision.APPROVE, comment="同意。"):
    step = Step.objects.get(request=subject.approval, round=subject.approval.round, state=Step.State.ACTIVE)
    step_decide(step=step, by=by, decision=decision, comment=comment)
    subject.approval.refresh_from_db()


def _account(people, number, system_code, sets, reason, kind=AccountRequest.Kind.NEW, removed=()):
    applicant = people[number]
    account_request = services.account_request_create(
        applicant=applicant, by=applicant, kind=kind, system=InformationSystem.objects.get(code=system_code),
        permission_sets=_sets(system_code, *sets), removed_sets=_sets(system_code, *removed),
        reason=MARKER + reason)
    return account_request


def _submitted(people, number, *args, **kwargs):
    account_request = _account(people, number, *args, **kwargs)
    services.subject_submit(subject=account_request, by=people[number])
    account_request.approval.refresh_from_db()
    return account_request


def _carry_out(account_request, it, account):
    """IT receives the signed consent form (人员授权审批制度 七), then opens the account."""
    services.consent_received(account_request=account_request, by=it)
    services.account_request_execute(account_request=account_request, by=it, account_id=account,
                                     password_delivered=True)


# Who some permission sets are granted to (人员授权审批制度 八): set name → (positions, titles, when not eligible).
ELIGIBILITY = {
    ("doctor_ws", "医嘱审核"): (["主任", "副主任"], ["主任医师", "副主任医师", "主治医师"], "refuse"),
    ("nurse_ws", "护理质控"): (["护士长", "副护士长"], ["主任护师", "副主任护师", "主管护师"], "ask_owner"),
}


def _eligibility():
    for (system_code, name), (positions, titles, when) in ELIGIBILITY.items():
        permission_set = PermissionSet.objects.filter(system__code=system_code, name=name).first()
        if permission_set is None or permission_set.is_restricted():
            continue  # an admin's choice stays
        permission_set.eligible_positions.set(Position.objects.filter(name__in=positions))
        permission_set.eligible_titles.set(ProfessionalTitle.objects.filter(name__in=titles))
        permission_set.when_not_eligible = when
        permission_set.save(update_fields=["when_not_eligible"])


def seed():
    people = _people()
    if len(people) < len(PEOPLE) or AccountRequest.objects.filter(reason__startswith=MARKER).exists():
        return 0
    _eligibility()
    it1, it2, it3 = people["1003"], people["1004"], people["1005"]
    created = 0

    # Carried out: accounts opened, grants in the register.
    done = _submitted(people, "4002", "doctor_ws", ["门诊医生", "住院医生"], "心内科主治医师，门诊与病房工作需开具医嘱和处方。")
    _decide(done, people["4001"])
    _decide(done, people["3001"], comment="同意开通门诊、住院医生权限。")
    _decide(done, people["0001"])
    _carry_out(done, it1, "liangxiao")
    services.password_change_confirm(account_request=done, by=people["4002"])
    nurse = _submitted(people, "4003", "nurse_ws", ["病区护士"], "心内科主管护师，执行医嘱和书写护理记录。")
    _decide(nurse, people["4001"])
    _decide(nurse, people["3002"])
    _decide(nurse, people["0001"])
    _carry_out(nurse, it2, "hanxue")
    for number, account in (("1005", "chenjing"), ("1007", "zhaolei"), ("1006", "yangfan")):
        sets = ["数据库只读查询"] if number == "1005" else ["服务器运维登录"]
        it_request = _submitted(people, number, "data_center", sets, "信息科运维值班需要。")
        _decide(it_request, people["1001"])
        _decide(it_request, people["0001"], comment="同意，注意操作留痕。")  # owner and VP: one decision
        _carry_out(it_request, it1 if number != "1003" else it2, account)
    created += 5

    # Waiting at each step: the department head, the system owner, the VP, IT (the signed consent form not yet in).
    _submitted(people, "4102", "doctor_ws", ["住院医生"], "普外科住院医师规培，轮转入科。")
    at_owner = _submitted(people, "4202", "nurse_ws", ["病区护士"], "儿科护师，新入科。")
    _decide(at_owner, people["4201"])
    at_vp = _submitted(people, "4002", "medical_records", ["病案借阅"], "科研课题需借阅既往病案。")
    _decide(at_vp, people["4001"])
    _decide(at_vp, people["3001"])
    at_it = _submitted(people, "4102", "network", ["VPN 远程接入"], "夜班会诊需在院外查看检查结果。")
    _decide(at_it, people["4101"])
    _decide(at_it, people["0001"], comment="同意，仅限会诊使用。")
    # A 主治医师 asks for a set meant for head nurses: it leaves the decision to the owner, flagged on her page.
    flagged = _submitted(people, "4002", "nurse_ws", ["护理质控"], "参加科室护理质量控制小组，需查看护理质控统计。")
    _decide(flagged, people["4001"])
    created += 5

    # A draft, a returned, a rejected and a withdrawn request.
    _account(people, "4301", "medtech_ws", ["检验技师", "报告审核"], "检验科主任，审核检验报告。")
    returned = _submitted(people, "4003", "nurse_ws", ["护士长"], "拟任心内科护士长。",
                          kind=AccountRequest.Kind.CHANGE)
    _decide(returned, people["4001"], Decision.RETURN, "请附护理部的护士长任命文件后再提交。")
    rejected = _submitted(people, "4102", "outpatient_pharmacy", ["处方调配"], "希望查看药房处方调配情况。")
    _decide(rejected, people["4101"], Decision.REJECT, "外科医师不需要药房调配权限，可在医生工作站查看处方。")
    withdrawn = _submitted(people, "4002", "admission", ["入院登记"], "协助办理入院。")
    request_withdraw(request=withdrawn.approval, by=people["4002"])
    created += 4

    # Revocations: one finished with its certificate, one waiting for HR.
    today = timezone.localdate()
    finished = services.revocation_create(person=people["1006"], reason="transfer", effective_on=today,
                                          note=MARKER + "调往设备科。", by=people["1006"])
    services.subject_submit(subject=finished, by=people["1006"])
    finished.approval.refresh_from_db()
    _decide(finished, people["1001"])
    _decide(finished, people["2002"], comment="人事科已确认调动。")
    services.revocation_execute(revocation=finished, by=it1)
    waiting = services.revocation_create(person=people["4003"], reason="transfer",
                                        effective_on=today + datetime.timedelta(days=7),
                                        note=MARKER + "调往重症医学科。", by=people["4003"])
    services.subject_submit(subject=waiting, by=people["4003"])
    waiting.approval.refresh_from_db()
    _decide(waiting, people["4001"])
    created += 2

    # Privileged changes: one closed under the two-person rule, one approved and waiting for its window.
    now = timezone.now()
    closed = services.privileged_change_create(
        by=it3, title="HIS 数据库索引重建", target_kind="database", target="HIS 主库 10.10.1.21",
        system=InformationSystem.objects.get(code="doctor_ws"),
        plan="在业务低峰期对门诊医嘱表重建索引，预计耗时 40 分钟。",
        steps="1. 全量备份并校验；2. 停止报表任务；3. 逐个重建索引；4. 更新统计信息；5. 恢复报表任务。",
        rollback_plan="如出现锁等待超过 5 分钟，终止重建并从备份恢复索引定义。",
        window_start=now - datetime.timedelta(hours=1), window_end=now + datetime.timedelta(hours=2))
    services.subject_submit(subject=closed, by=it3)
    closed.approval.refresh_from_db()
    _decide(closed, people["1001"], comment="同意，请两人在场操作。")
    services.privileged_change_confirm(change=closed, by=it3)
    services.privileged_change_confirm(change=closed, by=it1)
    services.privileged_change_close(change=closed, by=it3, outcome="succeeded",
                                     test_result="门诊医嘱查询平均响应由 2.1 秒降至 0.3 秒，抽查 20 张处方正常。",
                                     operation_log="全量备份完成并校验；停止报表任务；逐个重建 6 个索引（耗时 33 分钟）；"
                                                   "更新统计信息；恢复报表任务；两人核对无误。")
    tomorrow = timezone.localtime(now).replace(hour=22, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    upcoming = services.privileged_change_create(
        by=people["1006"], title="核心交换机固件升级", target_kind="network", target="门诊楼核心交换机 CS-01",
        system=InformationSystem.objects.get(code="network"),
        plan="升级至厂商推荐的稳定版本，修复已知的生成树缺陷。",
        steps="1. 备份配置；2. 上传固件并校验；3. 主备切换；4. 重启升级；5. 检查各楼层链路。",
        rollback_plan="保留旧固件，升级失败时回退旧版本并恢复配置。",
        window_start=tomorrow, window_end=tomorrow + datetime.timedelta(hours=2))
    services.subject_submit(subject=upcoming, by=people["1006"])
    upcoming.approval.refresh_from_db()
    _decide(upcoming, people["1001"])
    _decide(upcoming, people["0001"], comment="同意，提前通知各科室。")
    created += 2

    # Outside technicians: one expired, one in force now.
    yesterday = timezone.localtime(now).replace(hour=9, minute=0, second=0, microsecond=0) - datetime.timedelta(days=1)
    expired = services.external_access_create(
        by=it1, technician_name="马工", company="东华软件", phone="13900001111",
        purpose="医生工作站版本升级后的问题排查。", system=InformationSystem.objects.get(code="doctor_ws"),
        terminal="信息科机房 运维终端 OPS-02", supervisor=it1, starts_at=yesterday,
        ends_at=yesterday + datetime.timedelta(hours=8))
    services.subject_submit(subject=expired, by=it1)
    expired.approval.refresh_from_db()
    _decide(expired, people["1001"])
    _decide(expired, people["3001"])
    active = services.external_access_create(
        by=it3, technician_name="钱工", company="卫宁健康", phone="13900002222",
        purpose="收款室发票打印接口调试。", system=InformationSystem.objects.get(code="cashier"),
        terminal="收款室 3 号窗口终端", supervisor=it3, starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=6))
    services.subject_submit(subject=active, by=it3)
    active.approval.refresh_from_db()
    _decide(active, people["1001"])
    _decide(active, people["3003"])
    _decide(active, people["0001"], comment="收款室为关键系统，同意，限当日。")
    created += 2

    # Key activities the VP approves (六): a hospital-wide go-live carried out, a network connection at the VP.
    golive = services.key_activity_create(
        by=people["1006"], kind=KeyActivityKind.objects.get(code="golive"), title="移动护理系统全院上线",
        system=InformationSystem.objects.get(code="nurse_ws"), planned_on=today,
        description=MARKER + "移动护理 PDA 在全院病区上线，替代纸质执行单。", scope="全院 32 个病区，约 300 台 PDA")
    services.subject_submit(subject=golive, by=people["1006"])
    golive.approval.refresh_from_db()
    _decide(golive, people["1001"])
    _decide(golive, people["0001"], comment="同意，分批上线，先试点两个病区。")
    services.key_activity_execute(activity=golive, by=it1, note="已完成两个试点病区部署与培训，其余病区按计划分批上线。")
    ward = services.key_activity_create(
        by=people["4002"], kind=KeyActivityKind.objects.get(code="network"), title="心内科新病区网络接入",
        description=MARKER + "心内科新病区 20 个信息点接入医院内网。", scope="心内科新病区，约 30 台终端",
        planned_on=today + datetime.timedelta(days=14))
    services.subject_submit(subject=ward, by=people["4002"])
    ward.approval.refresh_from_db()
    _decide(ward, people["4001"])
    created += 2

    # This quarter's access reviews: IT's completed with one line to revoke; the others open.
    created += services.access_reviews_open()

    it_review = AccessReview.objects.filter(department__code="it").order_by("-quarter_start").first()
    if it_review is not None:
        line = it_review.items.filter(grant__user=people["1007"]).first()
        if line is not None:
            services.review_item_decide(item=line, by=people["1001"], decision=AccessReviewItem.Decision.REVOKE,
                                        note="已调整为桌面运维，不再需要服务器登录。")
        services.review_confirm_remaining(review=it_review, by=people["1001"])
        leftover = it_review.items.filter(decision=AccessReviewItem.Decision.PENDING)
        for item in leftover:  # the head's own access is reviewed by the deputy
            services.review_item_decide(item=item, by=people["1002"], decision=AccessReviewItem.Decision.CONFIRM)
        services.review_complete(review=it_review, by=people["1001"])
    return created

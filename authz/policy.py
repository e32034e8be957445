"""The hospital's authorization policy as data, loaded by the data migrations (admins edit it afterwards).

医院信息系统授权审批制度:
  一、医生工作站、医技工作站 — 医务科主任; 二、护士工作站 — 护理部主任; 三、住院处、收款室 — 财务科主任;
  四、住院药房、门诊药房 — 药剂科主任; 五、其他各子系统 — 其主管部门的主管领导;
  六、涉及全院的系统投入运行、网络系统接入和重要资源的访问 — 分管信息的副院长 (KEY_ACTIVITIES below);
  七、被审批人 → 科室负责人 → 分管院长审批 → 纸质同意书 → 信息科办理 → 有关资料反馈审批科室.
授权审批及人员离岗制度 / 用户申请、变更、注销流程:
  新增/变更: 用户本人申请 → 部门权限负责人核准 → 信息中心开通帐号 → 申请人当天修改初始口令;
  注销: 部门权限负责人签批 → 人力资源部门签批 → 信息中心注销并出具注销确认证明 → 人事部门方可办理离岗/转岗.
人员授权审批制度: 重要更改操作须提交技术方案、操作内容、步骤, 经主任同意, 两名以上技术人员在场, 完成后测试并
  填写工作操作日志; 外来技术人员须按授权审批流程审核通过, 中心技术人员在场监督, 在指定计算机或终端上操作.

Nothing here is read at run time: the rows in the database are the rules.
"""

# Departments that approve access; created when missing so that a fresh production database works.
# code: (name, kind, sort order) — the same as the demo hospital's.
OWNER_DEPARTMENTS = {
    "leadership": ("院领导", "functional", 1),
    "medical": ("医务科", "functional", 30),
    "nursing": ("护理部", "nursing", 40),
    "finance": ("财务科", "functional", 50),
    "pharmacy": ("药剂科", "medtech", 60),
}

# code, name, owner department code, critical, hospital-wide, description, permission sets (code, name, what it allows)
SYSTEMS = [
    ("doctor_ws", "医生工作站", "medical", False, False, "门诊、住院医生开立医嘱、处方、检查检验申请和书写病历。", [
        ("outpatient_doctor", "门诊医生", "门诊接诊、开具处方与检查检验申请"),
        ("inpatient_doctor", "住院医生", "住院医嘱、病程记录、出院小结"),
        ("order_review", "医嘱审核", "审核、签署下级医师的医嘱与处方"),
    ]),
    ("medtech_ws", "医技工作站", "medical", False, False, "检验、影像、超声等医技科室接收申请、登记和发布报告。", [
        ("lab_technician", "检验技师", "标本签收、上机与结果录入"),
        ("imaging_technician", "影像技师", "影像检查登记与图像采集"),
        ("report_review", "报告审核", "审核并发布检验、检查报告"),
    ]),
    ("medical_records", "病案管理系统", "medical", True, False, "病案首页、编码、归档与借阅（患者隐私，关键系统）。", [
        ("coder", "病案编码", "疾病与手术编码、首页质控"),
        ("archive", "病案归档", "出院病案回收、归档与示踪"),
        ("lending", "病案借阅", "病案借阅、复印登记"),
    ]),
    ("nurse_ws", "护士工作站", "nursing", False, False, "病区医嘱执行、护理记录与体征录入。", [
        ("ward_nurse", "病区护士", "执行医嘱、书写护理记录、录入体征"),
        ("head_nurse", "护士长", "护理排班、病区管理与护理文书审核"),
        ("nursing_qc", "护理质控", "全院护理质量检查与统计"),
    ]),
    ("admission", "住院处", "finance", False, False, "入院登记、预交金与出院结算。", [
        ("admission_clerk", "入院登记", "办理入院、床位预约"),
        ("deposit", "预交金管理", "收取、退还住院预交金"),
        ("discharge_settlement", "出院结算", "出院费用结算与医保结算"),
    ]),
    ("cashier", "收款室", "finance", True, False, "门诊挂号、收费与退费（涉及资金，关键系统）。", [
        ("outpatient_cashier", "门诊收费", "挂号、收费与发票打印"),
        ("refund_review", "退费审核", "审核门诊退费"),
        ("daily_reconciliation", "日结对账", "收费员日结与财务对账"),
    ]),
    ("inpatient_pharmacy", "住院药房", "pharmacy", False, False, "病区摆药、发药、退药与库存。", [
        ("dispensing", "摆药发药", "按医嘱摆药、发药"),
        ("returns", "药品退回", "病区退药审核与入库"),
        ("stocktake", "库存盘点", "药品入库、盘点与效期管理"),
    ]),
    ("outpatient_pharmacy", "门诊药房", "pharmacy", False, False, "门诊处方调配与发药。", [
        ("prescription_dispensing", "处方调配", "审方与处方调配"),
        ("dispensing_check", "发药核对", "发药与用药交代"),
        ("controlled_drugs", "麻精药品管理", "麻醉、精神药品专用处方与专册登记"),
    ]),
    ("network", "网络系统接入", "leadership", False, True, "院内网络、互联网与远程（VPN）接入，由分管信息的副院长审批。", [
        ("intranet", "内网接入", "终端接入医院内网"),
        ("internet", "互联网访问", "从内网终端访问互联网"),
        ("vpn", "VPN 远程接入", "从院外通过 VPN 访问院内系统"),
    ]),
    ("data_center", "数据中心与数据库", "leadership", True, True, "重要资源的访问：数据库、服务器与数据导出。", [
        ("db_readonly", "数据库只读查询", "对业务数据库执行只读查询"),
        ("server_ops", "服务器运维登录", "登录服务器进行运维操作"),
        ("data_export", "数据导出", "批量导出业务数据"),
    ]),
]

APPROVE, EXECUTE = "approve", "execute"

# 六: the key activities (关键活动) the vice president in charge of IT approves: code, name, what it covers.
KEY_ACTIVITIES = [
    ("golive", "全院系统投入运行", "涉及全院的信息系统（或其新模块、重大版本）正式投入运行。"),
    ("network", "网络系统接入", "新的网络、设备、专线或外部系统接入医院网络系统。"),
    ("resource", "重要资源的访问", "对数据库、服务器、核心数据等重要资源的访问（如数据提取、临时运维登录）。"),
]

# rules: (order, step name, kind, approver, role, condition). The system's owner, then the VP when it is
# critical or hospital-wide (the VP's second rule is skipped by the engine when the same person just approved).
OWNER_AND_VP = [
    (2, "系统权限负责人审批", APPROVE, "system_owner", "", "always"),
    (3, "分管院长审批（关键系统）", APPROVE, "vp_it", "", "critical"),
    (4, "分管院长审批（全院系统）", APPROVE, "vp_it", "", "hospital_wide"),
]
DEPARTMENT_HEAD = (1, "科室负责人审核", APPROVE, "department_head", "", "always")
IT_HEAD = (1, "信息科主任审批", APPROVE, "department_head", "", "always")  # the applicant is IT staff
# 七: the chain of an account or a permission change as the policy writes it — the applicant's department head,
# the approving department (审批科室, 一～五), the vice president every time (an admin may relax the condition to
# critical or hospital-wide systems), then IT, once the signed consent form is in (AuthzPolicy); the approving
# department and the applicant's hear when it is done (资料反馈审批科室).
SECTION_SEVEN = [
    DEPARTMENT_HEAD,
    (2, "审批科室审批（系统权限负责人）", APPROVE, "system_owner", "", "always"),
    (3, "分管院长审批", APPROVE, "vp_it", "", "always"),
]

# code, name, working days per step, escalate after, restart after a return, rules
REQUEST_TYPES = [
    ("authz.account", "信息系统账号申请", 2, 1, "start",
     [*SECTION_SEVEN, (4, "信息科开通账号", EXECUTE, "it_executor", "", "always")]),
    ("authz.change", "信息系统权限变更", 2, 1, "start",
     [*SECTION_SEVEN, (4, "信息科变更权限", EXECUTE, "it_executor", "", "always")]),
    ("authz.revocation", "信息系统账号注销", 1, 1, "start", [
        (1, "部门权限负责人签批", APPROVE, "department_head", "", "always"),
        (2, "人力资源部门签批", APPROVE, "role", "人事科", "always"),
        (3, "信息科注销并出具证明", EXECUTE, "it_executor", "", "always"),
    ]),
    ("authz.privileged", "重要更改操作", 1, 1, "start",
     [IT_HEAD, (2, "分管院长审批（全院系统）", APPROVE, "vp_it", "", "hospital_wide")]),
    ("authz.external", "外来技术人员授权", 1, 1, "start", [IT_HEAD, *OWNER_AND_VP]),
    # 六: the key activities the VP approves, each its own request type (and one for kinds an admin adds: 等).
    *[(f"authz.activity.{code}", f"{name}审批", 2, 1, "start", [
        (1, "申请科室负责人审核", APPROVE, "department_head", "", "always"),
        (2, "分管院长审批", APPROVE, "vp_it", "", "always"),
        (3, "信息科办理", EXECUTE, "it_executor", "", "always"),
    ]) for code, name, _description in [*KEY_ACTIVITIES, ("other", "其他关键活动", "")]],
]
# The request types a kind of key activity may use (authz registers the engine's hooks for each).
KEY_ACTIVITY_REQUEST_TYPES = [f"authz.activity.{code}" for code, _name, _description in KEY_ACTIVITIES] + [
    "authz.activity.other"]


def load(apps):
    """Create what is missing (departments, systems, permission sets, request types and their rules).

    Rows that exist are left as the admins edited them. `apps` is a migration's app registry (or the live one).
    """
    Department = apps.get_model("staff", "Department")
    InformationSystem = apps.get_model("authz", "InformationSystem")
    PermissionSet = apps.get_model("authz", "PermissionSet")
    RequestType = apps.get_model("approvals", "RequestType")
    ChainRule = apps.get_model("approvals", "ChainRule")

    departments = {}
    for code, (name, kind, sort_order) in OWNER_DEPARTMENTS.items():
        department = Department.objects.filter(code=code).first() or Department.objects.filter(name=name).first()
        if department is None:
            department = Department.objects.create(code=code, name=name, kind=kind, sort_order=sort_order)
        departments[code] = department
    for order, (code, name, owner, critical, hospital_wide, description, sets) in enumerate(SYSTEMS, start=1):
        system, created = InformationSystem.objects.get_or_create(code=code, defaults={
            "name": name, "owner_department": departments[owner], "is_critical": critical,
            "is_hospital_wide": hospital_wide, "description": description, "sort_order": order * 10,
        })
        if not created:
            continue
        for set_order, (set_code, set_name, allows) in enumerate(sets, start=1):
            PermissionSet.objects.create(system=system, code=set_code, name=set_name, description=allows,
                                         sort_order=set_order * 10)
    for code, name, step_days, escalate_days, restart, rules in REQUEST_TYPES:
        request_type, created = RequestType.objects.get_or_create(code=code, defaults={
            "name": name, "step_working_days": step_days, "escalate_after_working_days": escalate_days,
            "restart_on_resubmit": restart,
        })
        if not created:
            continue
        for order, label, kind, approver, role, condition in rules:
            ChainRule.objects.create(request_type=request_type, order=order, label=label, kind=kind,
                                     approver=approver, role=role, condition=condition)


def load_key_activities(apps):
    """The kinds of key activity of 六, each on its request type (created by load())."""
    KeyActivityKind = apps.get_model("authz", "KeyActivityKind")
    RequestType = apps.get_model("approvals", "RequestType")
    for order, (code, name, description) in enumerate(KEY_ACTIVITIES, start=1):
        request_type = RequestType.objects.filter(code=f"authz.activity.{code}").first()
        if request_type is not None and not KeyActivityKind.objects.filter(code=code).exists():
            KeyActivityKind.objects.create(code=code, name=name, description=description, request_type=request_type,
                                           sort_order=order * 10)

"""The handover checklist from the policies (信息中心人员离岗制度 交接内容; 医院信息管理人员离岗: 交付工号及密码,
特殊岗位须办理移交手续; 离职管理: 资产归还、离职交接, 向接任者介绍岗位职责和相关工作流程). Admins edit it later."""

from django.db import migrations

ITEMS = [
    # (order, category, title, guidance, applies_to, owner)
    (10, "credentials", "原岗位负责的所有口令、工号及密码",
     "逐一列出系统或设备及其账号，当面交付口令；本系统只记录“已交付”，不记录密码本身。接交人员现场进入相关系统确认无误后"
     "方为交接成功，并须及时更换密码。", "both", "person"),
    (20, "documents", "技术文档（系统配置、运维手册、应急预案等）",
     "说明存放位置（共享目录、文档库、纸质档案柜）；接交人员逐份核对能否打开、是否为最新版本。", "both", "person"),
    (30, "contracts", "合同档案（维保、采购合同及相关档案）",
     "列出在管合同及到期日，移交原件或档案位置。", "both", "person"),
    (40, "reports", "报告、总结等与工作有关的信息资料",
     "近期工作报告、总结、巡检和值班记录的存放位置。", "both", "person"),
    (50, "equipment", "分管的设备清单和设备",
     "在设备清单中按资产编号逐台登记：归还科室或移交接交人员；接交人员逐台现场核对。", "both", "person"),
    (60, "work", "在办工作（按工作内容和工作周期）及岗位职责、工作流程介绍",
     "列出未完成的工单、项目和周期性工作，向接任者简要介绍岗位职责和相关工作流程。", "both", "person"),
    (70, "other", "特殊岗位移交手续（机房门禁卡、钥匙、UKey 等）",
     "特殊岗位须办理移交手续；无此类物品的注明“无”。", "both", "person"),
]


def load(apps, schema_editor):
    Item = apps.get_model("offboarding", "ChecklistTemplateItem")
    if Item.objects.exists():
        return
    for order, category, title, guidance, applies_to, owner in ITEMS:
        Item.objects.create(order=order, category=category, title=title, guidance=guidance, applies_to=applies_to,
                            owner=owner)


class Migration(migrations.Migration):
    dependencies = [("offboarding", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

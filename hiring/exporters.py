"""The hire's two documents as PDFs in Chinese (信息科人员录用制度 第三条): the probation agreement
(《试用协议》) the new hire signs and takes to their department, and the notice to finance
(《试用人员上岗通知书》). The wording is the policy's; the numbers come from HiringPolicy and the probation.
"""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.exports import BaseExporter
from core.pdf import register_cjk_font, styles

from .models import HiringPolicy
def chinese_date(day):
    return f"{day.year}年{day.month}月{day.day}日" if day else "　　年　　月　　日"


class ProbationDocument(BaseExporter):
    content_type = "application/pdf"
    extension = "pdf"
    title = ""

    def __init__(self, probation, policy=None):
        self.probation = probation
        self.policy = policy or HiringPolicy.current()
        profile = probation.profile
        self.person = profile.user
        self.values = {
            "employer": self.policy.employer_name,
            "name": self.person.display_name,
            "employee_no": self.person.username,
            "id_number": profile.id_number or "—",
            "department": profile.department.name,
            "post": profile.post.name if profile.post else "—",
            "education": profile.get_education_display() or "—",
            "start": chinese_date(probation.starts_on),
            "end": chinese_date(probation.original_ends_on),
            "months": self.policy.probation_months,
            "max_months": self.policy.probation_max_months,
        }
        # Every value goes into reportlab paragraph markup below: escaped here, once (names, employer, post).
        self.values = {key: escape(str(value)) for key, value in self.values.items()}

    def number(self):
        return f"SY-{self.probation.starts_on:%Y}-{self.probation.pk:04d}"

    def story(self, style):
        raise NotImplementedError

    def render(self):
        register_cjk_font()
        buffer = io.BytesIO()
        document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm,
                                     bottomMargin=20 * mm, title=self.title, author=self.policy.employer_name)
        document.build(self.story(styles()))
        return buffer.getvalue()

    def table(self, rows, style, widths):
        cells = [[Paragraph(str(cell), style["body"]) for cell in row] for row in rows]
        table = Table(cells, colWidths=widths)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f1f3f5")),
            ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#f1f3f5")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        return table


class ProbationAgreement(ProbationDocument):
    """《试用协议》: signed by the hospital and the new hire, who reports to the department with it."""

    title = "试用协议"

    def story(self, style):
        v = self.values
        clauses = [
            f"一、岗位：乙方在{v['department']}{v['post']}岗位试用。乙方持本协议向工作部门报到，由部门主任安排具体工作。",
            f"二、试用期：自{v['start']}起至{v['end']}止，共{v['months']}个月。",
            "三、试用期间，乙方的工资待遇按医院有关规定执行。",
            "四、乙方须参加岗前业务知识培训及考核，考核通过后方可上机操作。",
            "五、试用期内乙方违反有关规章制度的，甲方立即予以辞退。",
            "六、乙方所提供的学历、学位、职称证明、个人简历、身份证明等信息如不符实，甲方立即予以辞退。",
            f"七、试用期满，经综合考核合格者，正式聘用为甲方正式职工；考核不合格者不予聘用。经考核需要延长试用期的，"
            f"可延长一次，试用期总长不超过{v['max_months']}个月。",
            "八、本协议一式两份，甲乙双方各执一份，自双方签字之日起生效。",
        ]
        story = [
            Paragraph(self.title, style["title"]),
            Paragraph(f"编号：{self.number()}", style["small"]),
            Spacer(1, 4 * mm),
            self.table([
                ["甲方（用人单位）", v["employer"], "乙方（试用人员）", v["name"]],
                ["工号", v["employee_no"], "身份证号码", v["id_number"]],
                ["科室", v["department"], "岗位", v["post"]],
                ["学历", v["education"], "试用期", f"{v['start']}至{v['end']}"],
            ], style, [30 * mm, 53 * mm, 30 * mm, 53 * mm]),
            Spacer(1, 5 * mm),
            Paragraph("根据医院人员录用制度，乙方经公开招聘、考试、面试、体检和背景调查合格，甲方同意录用乙方为试用人员。"
                      "双方本着平等自愿的原则，就试用事宜达成如下协议：", style["body"]),
            Spacer(1, 2 * mm),
        ]
        for clause in clauses:
            story += [Paragraph(clause, style["body"]), Spacer(1, 1.5 * mm)]
        if self.probation.extensions:
            story.append(Paragraph(f"备注：经试用期考核，试用期已延长至{chinese_date(self.probation.ends_on)}。",
                                   style["body"]))
        story += [
            Spacer(1, 12 * mm),
            self.signatures(style, [("甲方（盖章）：", "乙方（签字）："), ("人事科经办人：", ""),
                                    (f"日期：{chinese_date(timezone.localdate())}", "日期：　　年　　月　　日")]),
        ]
        return story

    def signatures(self, style, rows):
        table = Table([[Paragraph(left, style["body"]), Paragraph(right, style["body"])] for left, right in rows],
                      colWidths=[83 * mm, 83 * mm], rowHeights=[10 * mm] * len(rows))
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
        return table


class ProbationNotice(ProbationDocument):
    """《试用人员上岗通知书》: 人力资源部 (人事科) tells finance that the new hire starts on probation."""

    title = "试用人员上岗通知书"

    def story(self, style):
        v = self.values
        indented = ParagraphStyle("XinkeIndented", parent=style["body"], firstLineIndent=20)
        signed = ParagraphStyle("XinkeSigned", parent=style["body"], alignment=TA_RIGHT)
        return [
            Paragraph(self.title, style["title"]),
            Paragraph(f"编号：{self.number()}", style["small"]),
            Spacer(1, 6 * mm),
            Paragraph("财务科：", style["body"]),
            Spacer(1, 2 * mm),
            Paragraph(f"经医院公开招聘，{v['name']}（身份证号码：{v['id_number']}）被录用为{v['department']}"
                      f"{v['post']}岗位试用人员，已与医院签订《试用协议》，自{v['start']}起到岗试用，"
                      f"试用期至{v['end']}。试用期间工资待遇按医院有关规定执行，请自到岗之日起核发。", indented),
            Spacer(1, 2 * mm),
            Paragraph("特此通知。", indented),
            Spacer(1, 6 * mm),
            self.table([
                ["姓名", v["name"], "工号", v["employee_no"]],
                ["科室", v["department"], "岗位", v["post"]],
                ["学历", v["education"], "到岗日期", v["start"]],
                ["试用期", f"{v['months']}个月", "试用期至", v["end"]],
            ], style, [25 * mm, 58 * mm, 25 * mm, 58 * mm]),
            Spacer(1, 16 * mm),
            Paragraph(f"{v['employer']}人事科（盖章）", signed),
            Paragraph(chinese_date(timezone.localdate()), signed),
        ]

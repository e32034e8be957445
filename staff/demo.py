"""Demo hospital for seed_demo: departments, the IT department's people, HR, the VP, subsystem owners.

Idempotent: people and departments are looked up by their codes and only created when missing.
"""

import datetime

from django.contrib.auth.models import Group

from core.roles import Role

from .idnumbers import check_char
from .models import Department, Position, Post, ProfessionalTitle, StaffProfile, User
from .ranks import TITLE_ALIASES

DEMO_PASSWORD = "Xinke-demo-2026"
ORDER = 10  # seed_demo: the organisation comes first
NOTE = f"Every demo account's password: {DEMO_PASSWORD}"

DEPARTMENTS = [
    # code, name, kind, sort order
    ("leadership", "院领导", Department.Kind.FUNCTIONAL, 1),
    ("it", "信息科", Department.Kind.IT, 10),
    ("hr", "人事科", Department.Kind.FUNCTIONAL, 20),
    ("medical", "医务科", Department.Kind.FUNCTIONAL, 30),
    ("nursing", "护理部", Department.Kind.NURSING, 40),
    ("finance", "财务科", Department.Kind.FUNCTIONAL, 50),
    ("pharmacy", "药剂科", Department.Kind.MEDICAL_TECH, 60),
    ("cardiology", "心内科", Department.Kind.CLINICAL, 100),
    ("surgery", "普外科", Department.Kind.CLINICAL, 110),
    ("pediatrics", "儿科", Department.Kind.CLINICAL, 120),
    ("laboratory", "检验科", Department.Kind.MEDICAL_TECH, 130),
]

# employee no, name, department, post code, title, education, roles, hire date, status, supervisor, leads
PEOPLE = [
    ("0001", "郑国强", "leadership", None, "主任医师", "master", [Role.VP_IT], "2001-07-01", "regular", None, "head"),
    ("1001", "王建国", "it", "head", "高级工程师", "bachelor", [Role.DEPARTMENT_HEAD], "2006-08-01", "regular", "0001", "head"),
    ("1002", "李明", "it", "deputy_head", "工程师", "bachelor", [Role.DEPARTMENT_HEAD], "2010-07-15", "regular", "1001", "deputy"),
    ("1003", "张伟", "it", "system_admin", "工程师", "bachelor", [Role.STAFF, Role.ADMIN], "2013-03-01", "regular", "1002", None),
    ("1004", "刘洋", "it", "security_admin", "助理工程师", "bachelor", [Role.STAFF], "2016-09-01", "regular", "1002", None),
    ("1005", "陈静", "it", "database_admin", "工程师", "master", [Role.STAFF], "2015-07-01", "regular", "1002", None),
    ("1006", "杨帆", "it", "network_admin", "助理工程师", "junior_college", [Role.STAFF], "2018-04-01", "regular", "1002", None),
    ("1007", "赵磊", "it", "system_admin", "技术员", "bachelor", [Role.STAFF], "2023-07-01", "regular", "1002", None),
    ("1008", "孙丽", "it", "network_admin", "", "bachelor", [Role.STAFF], "2026-09-01", "probation", "1002", None),
    ("2001", "周敏", "hr", None, "经济师", "bachelor", [Role.HR, Role.DEPARTMENT_HEAD], "2008-05-01", "regular", "0001", "head"),
    ("2002", "吴芳", "hr", None, "助理经济师", "bachelor", [Role.HR], "2019-08-01", "regular", "2001", None),
    ("3001", "冯志远", "medical", None, "主任医师", "master", [Role.DEPARTMENT_HEAD, Role.SYSTEM_OWNER], "2003-07-01", "regular", "0001", "head"),
    ("3002", "何秀英", "nursing", None, "主任护师", "bachelor", [Role.DEPARTMENT_HEAD, Role.SYSTEM_OWNER], "2002-07-01", "regular", "0001", "head"),
    ("3003", "高红梅", "finance", None, "高级会计师", "bachelor", [Role.DEPARTMENT_HEAD, Role.SYSTEM_OWNER], "2005-07-01", "regular", "0001", "head"),
    ("3004", "林海", "pharmacy", None, "主任药师", "master", [Role.DEPARTMENT_HEAD, Role.SYSTEM_OWNER], "2004-07-01", "regular", "0001", "head"),
    ("4001", "罗文", "cardiology", None, "主任医师", "doctorate", [Role.DEPARTMENT_HEAD], "2007-07-01", "regular", "3001", "head"),
    ("4002", "梁晓", "cardiology", None, "主治医师", "master", [Role.STAFF], "2017-07-01", "regular", "4001", None),
    ("4003", "韩雪", "cardiology", None, "主管护师", "bachelor", [Role.STAFF], "2014-07-01", "regular", "4001", "deputy"),
    ("4101", "宋涛", "surgery", None, "主任医师", "doctorate", [Role.DEPARTMENT_HEAD], "2006-07-01", "regular", "3001", "head"),
    ("4102", "唐俊", "surgery", None, "住院医师", "master", [Role.STAFF], "2022-07-01", "regular", "4101", None),
    ("4201", "许丽华", "pediatrics", None, "副主任医师", "master", [Role.DEPARTMENT_HEAD], "2009-07-01", "regular", "3001", "head"),
    ("4202", "邓佳", "pediatrics", None, "护师", "bachelor", [Role.STAFF], "2020-07-01", "regular", "4201", None),
    ("4301", "曹阳", "laboratory", None, "主任技师", "bachelor", [Role.DEPARTMENT_HEAD], "2008-07-01", "regular", "3001", "head"),
]
# The administrative post (职务) where it is not the department's 主任/副主任.
POSITIONS = {"0001": "副院长", "4003": "护士长"}
# 孙丽 joined recently and still has her initial password: the first sign-in must change it.
MUST_CHANGE_PASSWORD = {"1008"}
STAFF_ADMINS = {"1003"}  # may open Django admin (管理员)


def demo_id_number(employee_no, born):
    first17 = f"110105{born:%Y%m%d}{int(employee_no) % 1000:03d}"
    return first17 + check_char(first17)


def seed():
    """The organisation: departments, posts and people (hiring/demo.py adds its history after this)."""
    created = 0
    departments = {}
    for code, name, kind, order in DEPARTMENTS:
        departments[code], was_created = Department.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "sort_order": order}
        )
        created += was_created
    Post.objects.filter(department__isnull=True).update(department=departments["it"])
    posts = {post.code: post for post in Post.objects.all()}
    groups = {group.name: group for group in Group.objects.all()}
    titles = {title.name: title for title in ProfessionalTitle.objects.all()}
    positions = {position.name: position for position in Position.objects.all()}
    users = {}
    for number, name, dept, post, title, education, roles, hired, status, supervisor, leads in PEOPLE:
        user = User.objects.filter(username=number).first()
        if user is None:
            user = User(username=number, name=name, email=f"{number}@hospital.example",
                        must_change_password=number in MUST_CHANGE_PASSWORD, is_staff=number in STAFF_ADMINS)
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([groups[role.value] for role in roles])
            hire_date = datetime.date.fromisoformat(hired)
            born = datetime.date(hire_date.year - 24, 1 + int(number) % 12, 1 + int(number) % 27)
            StaffProfile.objects.create(
                user=user, department=departments[dept], post=posts.get(post),
                professional_title=titles.get(TITLE_ALIASES.get(title, title)),
                position=positions.get(POSITIONS.get(number) or {"head": "主任", "deputy": "副主任"}.get(leads)),
                education=education, phone=f"1380013{int(number):04d}", id_number=demo_id_number(number, born),
                hire_date=hire_date, status=status, supervisor=users.get(supervisor),
            )
            created += 1
        users[number] = user
        department = departments[dept]
        if leads == "head" and department.head_id is None:
            department.head = user
            department.save(update_fields=["head"])
        elif leads == "deputy" and department.deputy_id is None:
            department.deputy = user
            department.save(update_fields=["deputy"])
    return created

"""HR's imports of the staff roster (人员名单) and of the posts (岗位), registered with dataimport.

The roster: one row per person, matched on 工号. A new 工号 gets an account (no usable password until HR or IT
hands one over: see staff.services.initial_password_issue) and a staff record; a known one is updated in place, and
an empty optional cell leaves the value as it is. Departments are matched by name or created; the one person of a
department whose 职务 heads it (主任, 负责人) becomes its head. People missing from the roster are listed for HR as
departures, never deactivated here. Everything is read first (a constant number of queries), then planned in
memory, so 5,000 rows preview in seconds.
"""

import datetime
import re

from django import forms
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from audit.services import audit_record
from core import permissions
from core.forms import StyledFormMixin
from dataimport.reading import parse_date
from dataimport.registry import CREATE, ERROR, UNCHANGED, UPDATE, Column, Importer, Outcome, Plan, Section

from .models import (
    Department, Position, Post, ProfessionalTitle, StaffProfile, User, employee_no_validator, phone_validator,
)
from .ranks import TITLE_ALIASES
from core.roles import Role

EARLIEST_HIRE_DATE = datetime.date(1950, 1, 1)
SCOPE_ALL, SCOPE_DEPARTMENTS = "all", "departments"


class RosterOptionsForm(StyledFormMixin, forms.Form):
    scope = forms.ChoiceField(
        label=gettext_lazy("The file is"), initial=SCOPE_ALL, widget=forms.RadioSelect,
        choices=[(SCOPE_ALL, gettext_lazy("the whole hospital's roster: anyone missing from it is listed as a "
                                          "possible departure")),
                 (SCOPE_DEPARTMENTS, gettext_lazy("the roster of the departments it names: only their missing "
                                                  "people are listed"))])


def _validated(validator, value):
    try:
        validator(value)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


class RosterImporter(Importer):
    kind = "roster"
    title = gettext_lazy("Staff roster (人员名单)")
    template_name = "人员名单"
    description = gettext_lazy(
        "Every person of the hospital by employee number: new people get an account and a staff record, known "
        "ones are updated in place. Departments are matched by name or created. People missing from the roster "
        "are listed for you, never deactivated.")
    options_form = RosterOptionsForm
    columns = (
        Column("employee_no", "工号", required=True, example="5001",
               help=gettext_lazy("3 to 20 letters or digits; the sign-in name. Each may appear once."),
               aliases=("职工号", "员工编号", "员工号", "employee number")),
        Column("name", "姓名", required=True, example="张三", aliases=("name",)),
        Column("department", "科室", required=True, example="心内科",
               help=gettext_lazy("The department's name as in Xinke; a name it does not know creates the department."),
               aliases=("部门", "科室名称", "department")),
        Column("position", "职务", example="",
               help=gettext_lazy("Administrative position (行政职务), one of the allowed values; 主任 or 负责人 makes "
                                 "the person the head of the department, 副主任 the deputy. Empty: left as it is."),
               aliases=("行政职务", "position")),
        Column("professional_title", "职称", example="主治医师",
               help=gettext_lazy("Professional title (业务职称), one of the allowed values. Empty: left as it is."),
               aliases=("业务职称", "专业技术职称", "title")),
        Column("hire_date", "入职日期", example="2020-07-01",
               help=gettext_lazy("A date such as 2020-07-01, 2020/7/1 or 2020年7月1日. Empty: left as it is."),
               aliases=("入职时间", "参加工作时间", "hire date")),
        Column("phone", "手机", example="13800138000",
               help=gettext_lazy("Digits and dashes. Empty: left as it is."),
               aliases=("手机号", "电话", "联系电话", "phone")),
        Column("supervisor", "直接上级工号", example="",
               help=gettext_lazy("The 工号 of the direct supervisor, in this file or already in Xinke. Empty: left "
                                 "as it is."),
               aliases=("直接上级", "上级工号", "上级", "supervisor")),
        Column("post", "岗位", example="",
               help=gettext_lazy("A post (岗位) name as in the post list. Empty: left as it is."),
               aliases=("岗位名称", "post")),
    )

    def can_use(self, user):
        return permissions.is_hr(user)

    def choice_lists(self):
        return {
            "职务": list(Position.objects.active().values_list("name", flat=True)),
            "职称": list(ProfessionalTitle.objects.active().values_list("name", flat=True)),
            "科室": list(Department.objects.filter(is_active=True).values_list("name", flat=True)),
            "岗位": list(Post.objects.values_list("name", flat=True)),
        }

    def describe(self, summary):
        return _("%(created)s new people, %(updated)s updated, %(departments)s departments created.") % {
            "created": summary.get("created", 0), "updated": summary.get("updated", 0),
            "departments": len(summary.get("departments_created", []))}

    def plan(self, rows, *, options):
        return _RosterPlanner(rows, options).plan()

    def apply(self, plan, *, by):
        return _apply_roster(plan, by=by)


class _RosterPlanner:
    """Check every row against the records read once, then resolve supervisors and department heads."""

    def __init__(self, rows, options):
        self.rows = rows
        self.scope = (options or {}).get("scope") or SCOPE_ALL
        self.departments = {d.name: d for d in Department.objects.select_related("head", "deputy")}
        self.positions = {p.name: p for p in Position.objects.active()}
        self.titles = {t.name: t for t in ProfessionalTitle.objects.active()}
        self.posts = {}
        for post in Post.objects.all():
            self.posts[post.code] = self.posts[post.name] = post
        self.users = {u["username"].lower(): u for u in User.objects.values("id", "username", "name", "is_active")}
        self.profiles = {p["user_id"]: p for p in StaffProfile.objects.values(
            "user_id", "department_id", "department__name", "position_id", "position__name", "professional_title_id",
            "professional_title__name", "hire_date", "phone", "supervisor_id", "supervisor__username", "post_id",
            "post__name", "status")}
        self.usernames = {u["id"]: u["username"] for u in self.users.values()}

    def plan(self):
        outcomes, by_key = [], {}
        for row in self.rows:
            outcome = self._check(row)
            outcomes.append(outcome)
            if outcome.key:
                by_key.setdefault(outcome.key.lower(), []).append(outcome)
        for key, same in by_key.items():
            if len(same) > 1:
                numbers = "、".join(str(o.number) for o in same)
                for outcome in same:
                    outcome.refuse(_("The 工号 %(number)s appears in rows %(rows)s.") % {
                        "number": outcome.key, "rows": numbers})
        self._resolve_supervisors(outcomes, by_key)
        for outcome in outcomes:
            if outcome.ok and outcome.data.get("user_id") and not outcome.changes:
                outcome.action = UNCHANGED
        departures = self._departures(by_key)
        return Plan(outcomes=outcomes, sections=self._departments(outcomes) + [departures],
                    data={"departures": len(departures.items)})

    def _check(self, row):
        values = row.values
        key = values.get("employee_no", "")
        outcome = Outcome(number=row.number, key=key[:20], label=values.get("name", "")[:50])
        if row.errors:
            outcome.action = ERROR  # the reader's messages are added by the framework
        problem = _validated(employee_no_validator, key) if key else _("The 工号 is missing.")
        if problem:
            outcome.refuse(problem)
        name = values.get("name", "")
        if not name:
            outcome.refuse(_("The name is missing."))
        elif len(name) > 50:
            outcome.refuse(_("The name is longer than 50 characters."))
        existing = self.users.get(key.lower()) if key else None
        profile = self.profiles.get(existing["id"]) if existing else None
        if profile is not None and profile["status"] == StaffProfile.Status.DEPARTED:
            outcome.refuse(_("%(number)s %(name)s has left the hospital (status departed). Someone who returns is "
                             "taken back on their profile by HR, not by an import.") % {
                "number": existing["username"], "name": existing["name"]})
        data = {"user_id": existing["id"] if existing else None, "name": name}
        department_name = values.get("department", "")
        department = self.departments.get(department_name)
        if not department_name:
            outcome.refuse(_("The department is missing."))
        elif len(department_name) > 50:
            outcome.refuse(_("The department's name is longer than 50 characters."))
        elif department is not None and not department.is_active:
            outcome.refuse(_("The department %(name)s is closed.") % {"name": department_name})
        data["department"] = department_name
        for column, choices, label in (("position", self.positions, _("position (职务)")),
                                       ("professional_title", self.titles, _("professional title (职称)"))):
            text = values.get(column, "")
            text = TITLE_ALIASES.get(text, text) if column == "professional_title" else text
            if text and text not in choices:
                outcome.refuse(_("Unknown %(what)s “%(value)s”; an administrator can add it to the list.") % {
                    "what": label, "value": text[:30]})
            data[column] = choices[text].pk if text in choices else None
        data["hire_date"] = self._hire_date(values.get("hire_date", ""), outcome)
        phone = values.get("phone", "")
        if phone:
            phone = re.sub(r"\s+", "", phone)
            problem = _validated(phone_validator, phone)
            if problem:
                outcome.refuse(problem)
        data["phone"] = phone
        post_text = values.get("post", "")
        post = self.posts.get(post_text)
        if post_text and post is None:
            outcome.refuse(_("Unknown post “%(value)s”.") % {"value": post_text[:30]})
        data["post"] = post.pk if post else None
        data["supervisor"] = values.get("supervisor", "")
        outcome.data = data
        if existing is not None and outcome.ok:
            outcome.action = UPDATE
            outcome.changes = self._changes(existing, profile, data, department_name)
        elif outcome.ok:
            outcome.action = CREATE
        return outcome

    def _hire_date(self, text, outcome):
        if not text:
            return None
        day = parse_date(text)
        if day is None:
            outcome.refuse(_("The hire date “%(value)s” is not a date (e.g. 2020-07-01).") % {"value": text[:30]})
            return None
        latest = timezone.localdate() + datetime.timedelta(days=366)
        if not EARLIEST_HIRE_DATE <= day <= latest:
            outcome.refuse(_("The hire date %(date)s is not plausible.") % {"date": day.isoformat()})
            return None
        return day.isoformat()

    def _changes(self, existing, profile, data, department_name):
        """[label, old, new] for each value the row changes; empty optional cells change nothing."""
        profile = profile or {}
        changes = []
        if data["name"] != existing["name"]:
            changes.append([_("Name"), existing["name"], data["name"]])
        if profile.get("department__name") != department_name:
            changes.append([_("Department"), profile.get("department__name") or "", department_name])
        for key, label, names in (("position", _("Position"), {p.pk: p.name for p in self.positions.values()}),
                                  ("professional_title", _("Professional title"),
                                   {t.pk: t.name for t in self.titles.values()})):
            if data[key] and data[key] != profile.get(f"{key}_id"):
                changes.append([label, profile.get(f"{key}__name") or "", names[data[key]]])
        hire_date = profile.get("hire_date")
        if data["hire_date"] and data["hire_date"] != (hire_date.isoformat() if hire_date else None):
            changes.append([_("Hire date"), hire_date.isoformat() if hire_date else "", data["hire_date"]])
        if data["phone"] and data["phone"] != profile.get("phone"):
            changes.append([_("Phone"), profile.get("phone") or "", data["phone"]])
        if data["post"] and data["post"] != profile.get("post_id"):
            changes.append([_("Post"), profile.get("post__name") or "",
                            next(p.name for p in self.posts.values() if p.pk == data["post"])])
        if data["supervisor"] and data["supervisor"].lower() != (profile.get("supervisor__username") or "").lower():
            changes.append([_("Direct supervisor"), profile.get("supervisor__username") or "", data["supervisor"]])
        return changes

    def _resolve_supervisors(self, outcomes, by_key):
        """Each named supervisor must be a valid row of the file or a present member of staff, and nobody may end
        up above themselves. Repeated until stable: a row refused here can refuse the rows that depend on it."""
        changed = True
        while changed:
            changed = False
            for outcome in outcomes:
                if not outcome.ok or not outcome.data["supervisor"]:
                    continue
                problem = self._supervisor_problem(outcome, by_key)
                if problem:
                    outcome.refuse(problem)
                    changed = True
            for outcome in self._cycles(outcomes, by_key):
                outcome.refuse(_("The supervisors form a circle: %(number)s would be above themselves.") % {
                    "number": outcome.key})
                changed = True

    def _supervisor_problem(self, outcome, by_key):
        supervisor = outcome.data["supervisor"]
        if supervisor.lower() == outcome.key.lower():
            return _("A person cannot be their own supervisor.")
        in_file = by_key.get(supervisor.lower())
        if in_file:
            if not in_file[0].ok or len(in_file) > 1:
                return _("The supervisor %(number)s has an error in row %(row)s.") % {
                    "number": supervisor, "row": in_file[0].number}
            return None
        existing = self.users.get(supervisor.lower())
        if existing is None:
            return _("Unknown supervisor %(number)s: not in this file and not in Xinke.") % {"number": supervisor}
        profile = self.profiles.get(existing["id"])
        if not existing["is_active"] or (profile and profile["status"] == StaffProfile.Status.DEPARTED):
            return _("The supervisor %(number)s %(name)s has left.") % {
                "number": existing["username"], "name": existing["name"]}
        return None

    def _cycles(self, outcomes, by_key):
        """Rows whose chain of supervisors, after the import, leads back to themselves."""
        above = {}
        for user_id, profile in self.profiles.items():
            if profile["supervisor_id"] and user_id in self.usernames:
                above[self.usernames[user_id].lower()] = (self.usernames.get(profile["supervisor_id"]) or "").lower()
        for outcome in outcomes:
            if outcome.ok and outcome.data["supervisor"]:
                above[outcome.key.lower()] = outcome.data["supervisor"].lower()
        looping = []
        for outcome in outcomes:
            if not outcome.ok or not outcome.data["supervisor"]:
                continue
            start, seen, current = outcome.key.lower(), set(), outcome.key.lower()
            while current in above and current not in seen:
                seen.add(current)
                current = above[current]
                if current == start:
                    looping.append(outcome)
                    break
        return looping

    def _departments(self, outcomes):
        """Departments created or matched, and the heads and deputies the roster names."""
        created, matched, leaders = {}, set(), {}
        for outcome in outcomes:
            if not outcome.ok:
                continue
            name = outcome.data["department"]
            (matched.add(name) if name in self.departments else created.setdefault(name, 0))
            if name in created:
                created[name] += 1
            position = next((p for p in self.positions.values() if p.pk == outcome.data["position"]), None)
            if position is not None and position.department_role:
                leaders.setdefault((name, position.department_role), []).append(outcome)
        sections = []
        if created:
            sections.append(Section(
                title=_("Departments to create"), tone="warning",
                note=_("Check the spelling: a department whose name differs by one character is a new department. "
                       "An administrator sets its kind and order in Django admin afterwards."),
                items=[{"text": _("%(name)s (%(count)s people)") % {"name": name, "count": count}}
                       for name, count in sorted(created.items())]))
        if matched:
            sections.append(Section(title=_("Departments matched"), items=[{"text": name} for name in sorted(matched)]))
        changes, conflicts = [], []
        for (name, role), people in sorted(leaders.items()):
            label = _("head") if role == Position.DepartmentRole.HEAD else _("deputy head")
            if len(people) > 1:
                conflicts.append({"text": _("%(department)s: %(people)s all hold a post that makes them %(role)s; "
                                            "nobody is changed") % {
                    "department": name, "people": "、".join(f"{o.key} {o.label}" for o in people), "role": label}})
                continue
            person = people[0]
            department = self.departments.get(name)
            current = getattr(department, "head" if role == Position.DepartmentRole.HEAD else "deputy", None)
            if current is not None and current.username.lower() == person.key.lower():
                continue
            person.data[f"leads_{role}"] = name
            changes.append({"text": _("%(department)s %(role)s: %(old)s → %(new)s") % {
                "department": name, "role": label, "old": current.display_name if current else "—",
                "new": f"{person.label} ({person.key})"}})
        if changes:
            sections.append(Section(title=_("Heads and deputies to set"), items=changes, tone="warning",
                                    note=_("They approve their department's requests from now on.")))
        if conflicts:
            sections.append(Section(title=_("Heads not set"), items=conflicts, tone="warning"))
        no_head = sorted(name for name in created if (name, Position.DepartmentRole.HEAD) not in leaders)
        if no_head:
            sections.append(Section(
                title=_("New departments without a head"), tone="warning", items=[{"text": n} for n in no_head],
                note=_("Their staff's requests cannot be approved until an administrator names a head.")))
        return sections

    def _departures(self, by_key):
        named = {outcome.data.get("department") for outcomes in by_key.values() for outcome in outcomes
                 if outcome.data}
        items = []
        for user_id, profile in self.profiles.items():
            if profile["status"] not in StaffProfile.ACTIVE_STATUSES:
                continue
            username = self.usernames.get(user_id, "")
            if username.lower() in by_key:
                continue
            if self.scope == SCOPE_DEPARTMENTS and profile["department__name"] not in named:
                continue
            name = next((u["name"] for u in [self.users.get(username.lower())] if u), "")
            items.append({"text": f"{username} {name} · {profile['department__name']}",
                          "url": reverse("staff:profile", args=[username])})
        items.sort(key=lambda item: item["text"])
        return Section(title=_("Not in the roster: possible departures"), items=items, tone="warning",
                       note=_("Nobody is deactivated by an import. Check each person: if they have left, record the "
                              "departure on their profile (and the handover of their accounts)."))


def _next_department_codes(count):
    """Codes for new departments (the slug field needs ASCII): d0001, d0002, … after the highest in use."""
    highest = 0
    for code in Department.objects.filter(code__regex=r"^d[0-9]+$").values_list("code", flat=True):
        highest = max(highest, int(code[1:]))
    return [f"d{highest + offset:04d}" for offset in range(1, count + 1)]


def _apply_roster(plan, *, by):
    rows = [o for o in plan.outcomes if o.action in (CREATE, UPDATE)]
    departments = {d.name: d for d in Department.objects.all()}
    new_names = sorted({o.data["department"] for o in rows} - set(departments))
    order = (Department.objects.aggregate(Max("sort_order"))["sort_order__max"] or 0) + 10
    new_departments = [Department(code=code, name=name, kind=Department.Kind.CLINICAL, sort_order=min(order, 32000))
                       for code, name in zip(_next_department_codes(len(new_names)), new_names)]
    for department in bulk_create_with_history(new_departments, Department, default_user=by):
        departments[department.name] = department
    for department in new_departments:
        audit_record(actor=by, action="staff.department.create", obj=department, after={"name": department.name})

    # Accounts: no usable password until one is handed over (hashing 5,000 passwords would take many minutes).
    unusable = make_password(None)
    new_users = [User(username=o.key, name=o.data["name"], password=unusable, must_change_password=True)
                 for o in rows if o.action == CREATE]
    User.objects.bulk_create(new_users, batch_size=500)
    ids = dict(User.objects.filter(username__in=[u.username for u in new_users]).values_list("username", "id"))
    staff_group = Group.objects.get(name=Role.STAFF.value)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user_id, group_id=staff_group.pk) for user_id in ids.values()], batch_size=500)
    for outcome in rows:
        if outcome.action == CREATE:
            outcome.data["user_id"] = ids[outcome.key]
    by_username = {u.lower(): pk for u, pk in User.objects.filter(
        username__in=[o.data["supervisor"] for o in rows if o.data["supervisor"]]).values_list("username", "id")}
    by_username.update({o.key.lower(): o.data["user_id"] for o in rows})

    def fill(profile, data):
        profile.department = departments[data["department"]]
        for field in ("position", "professional_title", "post"):
            if data[field]:
                setattr(profile, f"{field}_id", data[field])
        if data["hire_date"]:
            profile.hire_date = datetime.date.fromisoformat(data["hire_date"])
        if data["phone"]:
            profile.phone = data["phone"]
        if data["supervisor"]:
            profile.supervisor_id = by_username[data["supervisor"].lower()]
        return profile

    created = [fill(StaffProfile(user_id=o.data["user_id"], status=StaffProfile.Status.REGULAR), o.data)
               for o in rows if o.action == CREATE]
    bulk_create_with_history(created, StaffProfile, batch_size=500, default_user=by)
    updates = [o for o in rows if o.action == UPDATE]
    existing = StaffProfile.objects.in_bulk([o.data["user_id"] for o in updates], field_name="user_id")
    renamed = []
    new_profiles = []
    changed_profiles = []
    for outcome in updates:
        profile = existing.get(outcome.data["user_id"])
        if profile is None:  # an account without a staff record gets one
            new_profiles.append(fill(StaffProfile(user_id=outcome.data["user_id"]), outcome.data))
        else:
            changed_profiles.append(fill(profile, outcome.data))
        renamed.append(User(pk=outcome.data["user_id"], name=outcome.data["name"]))
    bulk_create_with_history(new_profiles, StaffProfile, default_user=by)
    bulk_update_with_history(changed_profiles, StaffProfile, [
        "department", "position", "professional_title", "post", "hire_date", "phone", "supervisor"],
        batch_size=500, default_user=by)
    User.objects.bulk_update(renamed, ["name"], batch_size=500)
    leaders = _set_leaders(rows, departments, by)
    return {"created": len(created), "updated": len(updates),
            "departments_created": new_names, "leaders": leaders,
            "departures_listed": plan.data.get("departures", 0)}


def _set_leaders(rows, departments, by):
    leaders = []
    for outcome in rows:
        for role, field in ((Position.DepartmentRole.HEAD, "head"), (Position.DepartmentRole.DEPUTY, "deputy")):
            name = outcome.data.get(f"leads_{role}")
            if not name:
                continue
            department = departments[name]
            before = getattr(department, f"{field}_id")
            setattr(department, f"{field}_id", outcome.data["user_id"])
            department._history_user = by
            department.save(update_fields=[field])
            audit_record(actor=by, action=f"staff.department.{field}", obj=department,
                         before={field: before}, after={field: outcome.key})
            leaders.append(f"{name} {field} {outcome.key}")
    return leaders


class PostImporter(Importer):
    """The posts (岗位) and their working relationships from 岗位说明书; duties stay in admin."""

    kind = "posts"
    title = gettext_lazy("Posts (岗位)")
    template_name = "岗位"
    description = gettext_lazy(
        "The posts of the hospital, matched by code (or by name when the code is empty): new ones are added, known "
        "ones updated in place. Duties and requirements are edited in Django admin.")
    columns = (
        Column("name", "岗位名称", required=True, example="系统管理员", aliases=("岗位", "name")),
        Column("code", "岗位编码", example="system_admin",
               help=gettext_lazy("Letters, digits, - and _. Empty: matched by name, and a new post gets a code."),
               aliases=("编码", "code")),
        Column("department", "科室", example="信息科",
               help=gettext_lazy("A department already in Xinke. Empty: left as it is."), aliases=("部门",)),
        Column("headcount", "编制人数", example="1", help=gettext_lazy("A whole number from 0 to 999."),
               aliases=("定编人数", "人数", "headcount")),
        Column("objective", "职位目标", aliases=("objective",)),
        Column("reports_to", "向上负责", aliases=("直接上级",)),
        Column("collaborates_with", "平行协作"),
        Column("directs", "向下指导"),
    )
    TEXT_LIMITS = {"objective": 1000, "reports_to": 200, "collaborates_with": 1000, "directs": 200}
    LABELS = {"department": gettext_lazy("Department"), "headcount": gettext_lazy("Headcount"),
              "objective": "职位目标", "reports_to": "向上负责", "collaborates_with": "平行协作", "directs": "向下指导"}

    def can_use(self, user):
        return permissions.is_hr(user) or permissions.is_admin(user)

    def choice_lists(self):
        return {"科室": list(Department.objects.filter(is_active=True).values_list("name", flat=True))}

    def plan(self, rows, *, options):
        posts = list(Post.objects.select_related("department"))
        by_code, by_name = {p.code: p for p in posts}, {p.name: p for p in posts}
        departments = {d.name: d for d in Department.objects.filter(is_active=True)}
        self.department_names = {d.pk: d.name for d in departments.values()}
        outcomes, seen = [], {}
        for row in rows:
            values = row.values
            outcome = Outcome(number=row.number, key=values.get("code", "")[:30], label=values.get("name", "")[:50])
            if row.errors:
                outcome.action = ERROR
            name, code = values.get("name", ""), values.get("code", "")
            if not name or len(name) > 50:
                outcome.refuse(_("The post's name is missing or longer than 50 characters."))
            if code and not re.fullmatch(r"[-a-zA-Z0-9_]{1,30}", code):
                outcome.refuse(_("The code may hold only letters, digits, - and _ (at most 30)."))
            post = by_code.get(code) if code else by_name.get(name)
            if post is not None and post.name != name and by_name.get(name) not in (None, post):
                outcome.refuse(_("Another post is already called %(name)s.") % {"name": name})
            data = {"pk": post.pk if post else None, "name": name, "code": code}
            department = values.get("department", "")
            if department and department not in departments:
                outcome.refuse(_("Unknown department %(name)s.") % {"name": department[:50]})
            data["department"] = departments[department].pk if department in departments else None
            headcount = values.get("headcount", "")
            if headcount and not (headcount.isdigit() and int(headcount) <= 999):
                outcome.refuse(_("The headcount must be a whole number from 0 to 999."))
            data["headcount"] = int(headcount) if headcount.isdigit() else None
            for field, limit in self.TEXT_LIMITS.items():
                if len(values.get(field, "")) > limit:
                    outcome.refuse(_("%(column)s is longer than %(limit)s characters.") % {
                        "column": self.LABELS[field], "limit": limit})
                data[field] = values.get(field, "")
            identity = (code or name).lower()
            if identity in seen:
                outcome.refuse(_("The post appears in rows %(rows)s.") % {"rows": f"{seen[identity].number}、{row.number}"})
                seen[identity].refuse(_("The post appears in rows %(rows)s.") % {
                    "rows": f"{seen[identity].number}、{row.number}"})
            seen.setdefault(identity, outcome)
            outcome.data = data
            if outcome.ok:
                outcome.action, outcome.changes = (UPDATE, self._changes(post, data)) if post else (CREATE, [])
                if post and not outcome.changes:
                    outcome.action = UNCHANGED
            outcomes.append(outcome)
        return Plan(outcomes=outcomes)

    def _changes(self, post, data):
        changes = []
        if data["name"] != post.name:
            changes.append([_("Name"), post.name, data["name"]])
        if data["department"] and data["department"] != post.department_id:
            changes.append([str(self.LABELS["department"]), str(post.department or ""),
                            self.department_names[data["department"]]])
        if data["headcount"] is not None and data["headcount"] != post.headcount:
            changes.append([str(self.LABELS["headcount"]), str(post.headcount), str(data["headcount"])])
        for field in self.TEXT_LIMITS:
            if data[field] and data[field] != getattr(post, field):
                changes.append([self.LABELS[field], getattr(post, field)[:60], data[field][:60]])
        return changes

    def apply(self, plan, *, by):
        created = updated = 0
        existing_codes = set(Post.objects.values_list("code", flat=True))
        for outcome in plan.outcomes:
            data = outcome.data
            if outcome.action == UNCHANGED:
                continue
            post = Post.objects.get(pk=data["pk"]) if data["pk"] else Post()
            if not data["pk"]:
                post.code = data["code"] or _free_code("post", existing_codes)
                existing_codes.add(post.code)
            post.name = data["name"]
            if data["department"]:
                post.department_id = data["department"]
            if data["headcount"] is not None:
                post.headcount = data["headcount"]
            for field in self.TEXT_LIMITS:
                if data[field]:
                    setattr(post, field, data[field])
            post._history_user = by
            post.save()
            created, updated = created + (not data["pk"]), updated + bool(data["pk"])
        return {"created": created, "updated": updated}


def _free_code(prefix, taken):
    number = 1
    while f"{prefix}-{number}" in taken:
        number += 1
    return f"{prefix}-{number}"

"""The information-system catalogue (信息系统目录) imported from Excel or CSV, registered with dataimport.

One row per permission set (权限组), with its system's columns repeated (or left empty after the first row of a
system). Systems are matched by code, else by name; permission sets within their system the same way. An empty
optional cell leaves the value as it is. Who a set is granted to (可授予职务 / 可授予职称, 人员授权审批制度 八) is a
list of names separated by 、; “不限” clears it.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
from core import permissions
from dataimport.reading import parse_yes_no, split_list
from dataimport.registry import CREATE, ERROR, UNCHANGED, UPDATE, Column, Importer, Outcome, Plan, Section
from staff.models import Department, Position, ProfessionalTitle

from .models import InformationSystem, PermissionSet

CODE = re.compile(r"[-a-zA-Z0-9_]{1,50}")
UNRESTRICTED = "不限"
WHEN = {"拒绝": PermissionSet.WhenNotEligible.REFUSE, "refuse": PermissionSet.WhenNotEligible.REFUSE,
        "由负责人决定": PermissionSet.WhenNotEligible.ASK_OWNER, "ask_owner": PermissionSet.WhenNotEligible.ASK_OWNER}
SYSTEM_FIELDS = ("owner_department", "is_critical", "is_hospital_wide", "description")


class CatalogueImporter(Importer):
    kind = "systems"
    title = gettext_lazy("Information-system catalogue (信息系统目录)")
    template_name = "信息系统目录"
    description = gettext_lazy(
        "Systems, the department that approves access to each, and their permission sets with the positions and "
        "titles they are granted to. New ones are added, known ones updated in place; nothing is deleted.")
    columns = (
        Column("system_name", "系统名称", required=True, example="医生工作站", aliases=("系统", "system")),
        Column("system_code", "系统编码", example="doctor_ws",
               help=gettext_lazy("Letters, digits, - and _. Empty: matched by name; a new system gets a code.")),
        Column("owner_department", "审批科室", example="医务科",
               help=gettext_lazy("The department whose head approves access (权限审批部门); required for a new system."),
               aliases=("权限审批部门", "主管部门")),
        Column("is_critical", "关键系统", example="否", help=gettext_lazy("是 or 否. Empty: left as it is.")),
        Column("is_hospital_wide", "涉及全院", example="否", help=gettext_lazy("是 or 否. Empty: left as it is.")),
        Column("description", "系统说明", example="门诊、住院医生开立医嘱、处方和书写病历。"),
        Column("set_name", "权限组", example="医嘱审核",
               help=gettext_lazy("Empty: the row changes only the system."), aliases=("权限组名称",)),
        Column("set_code", "权限组编码", example="order_review",
               help=gettext_lazy("Empty: matched by name within the system; a new set gets a code.")),
        Column("set_description", "权限说明", example="审核、签署下级医师的医嘱与处方"),
        Column("positions", "可授予职务", example="主任、副主任",
               help=gettext_lazy("Positions separated by 、. “不限” clears the list. Empty: left as it is.")),
        Column("titles", "可授予职称", example="主任医师、副主任医师、主治医师",
               help=gettext_lazy("Titles separated by 、. “不限” clears the list. Empty: left as it is.")),
        Column("when_not_eligible", "不符合时", example="拒绝",
               help=gettext_lazy("拒绝 (refuse the request) or 由负责人决定 (the system's owner decides). Empty: left "
                                 "as it is; a new set refuses.")),
    )

    def can_use(self, user):
        return permissions.is_admin(user) or user.has_perm("authz.add_informationsystem")

    def choice_lists(self):
        return {
            "审批科室": list(Department.objects.filter(is_active=True).values_list("name", flat=True)),
            "可授予职务": list(Position.objects.active().values_list("name", flat=True)),
            "可授予职称": list(ProfessionalTitle.objects.active().values_list("name", flat=True)),
            "不符合时": ["拒绝", "由负责人决定"],
        }

    def describe(self, summary):
        return _("%(systems)s systems added, %(sets)s permission sets added, %(updated)s updated.") % {
            "systems": len(summary.get("systems_created", [])), "sets": summary.get("created", 0),
            "updated": summary.get("updated", 0)}

    def plan(self, rows, *, options):
        return _CataloguePlanner(rows).plan()

    def apply(self, plan, *, by):
        return _apply(plan, by=by)


class _CataloguePlanner:
    def __init__(self, rows):
        self.rows = rows
        systems = list(InformationSystem.objects.select_related("owner_department"))
        self.systems_by_code = {s.code: s for s in systems}
        self.systems_by_name = {s.name: s for s in systems}
        self.sets = {}
        for permission_set in PermissionSet.objects.prefetch_related("eligible_positions", "eligible_titles"):
            self.sets[(permission_set.system_id, "code", permission_set.code)] = permission_set
            self.sets[(permission_set.system_id, "name", permission_set.name)] = permission_set
        self.departments = {d.name: d for d in Department.objects.filter(is_active=True)}
        self.positions = {p.name: p for p in Position.objects.active()}
        self.titles = {t.name: t for t in ProfessionalTitle.objects.active()}

    def plan(self):
        outcomes = [self._check(row) for row in self.rows]
        self._same_system_values(outcomes)
        self._duplicates(outcomes)
        for outcome in outcomes:
            if outcome.ok and outcome.action == UPDATE and not outcome.changes:
                outcome.action = UNCHANGED
        return Plan(outcomes=outcomes, sections=self._systems_section(outcomes))

    def _check(self, row):
        values = row.values
        name, code = values.get("system_name", ""), values.get("system_code", "")
        set_name, set_code = values.get("set_name", ""), values.get("set_code", "")
        outcome = Outcome(number=row.number, key=name[:100], label=set_name[:100])
        if row.errors:
            outcome.action = ERROR
        if not name or len(name) > 100:
            outcome.refuse(_("The system's name is missing or longer than 100 characters."))
        for text in (code, set_code):
            if text and not CODE.fullmatch(text):
                outcome.refuse(_("A code may hold only letters, digits, - and _ (at most 50)."))
        system = self.systems_by_code.get(code) if code else self.systems_by_name.get(name)
        if system is not None and system.name != name and self.systems_by_name.get(name) not in (None, system):
            outcome.refuse(_("Another system is already called %(name)s.") % {"name": name})
        data = {"system_pk": system.pk if system else None, "system_name": name, "system_code": code,
                # one system's rows: the system matched, else its name (a new system's code may be on one row only)
                "identity": f"pk:{system.pk}" if system else f"name:{name.lower()}"}
        department = values.get("owner_department", "")
        if department and department not in self.departments:
            outcome.refuse(_("Unknown department %(name)s.") % {"name": department[:50]})
        data["owner_department"] = self.departments[department].pk if department in self.departments else None
        for field in ("is_critical", "is_hospital_wide"):
            text = values.get(field, "")
            flag = parse_yes_no(text)
            if flag is None:
                outcome.refuse(_("Write 是 or 否, not “%(value)s”.") % {"value": text[:20]})
            data[field] = flag if text else None
        data["description"] = values.get("description", "")
        if len(data["description"]) > 2000:
            outcome.refuse(_("The system's description is longer than 2,000 characters."))
        outcome.data = data
        if set_name or set_code:
            self._check_set(outcome, values, system)
        elif outcome.ok:
            outcome.action = UPDATE if system else CREATE
            outcome.changes = self._system_changes(system, data) if system else []
        return outcome

    def _check_set(self, outcome, values, system):
        data = outcome.data
        set_name, set_code = values.get("set_name", ""), values.get("set_code", "")
        if not set_name or len(set_name) > 100:
            outcome.refuse(_("The permission set's name is missing or longer than 100 characters."))
        description = values.get("set_description", "")
        if len(description) > 300:
            outcome.refuse(_("The permission set's description is longer than 300 characters."))
        permission_set = None
        if system is not None:
            permission_set = self.sets.get((system.pk, "code", set_code) if set_code else (system.pk, "name", set_name))
        data.update({"set_pk": permission_set.pk if permission_set else None, "set_name": set_name,
                     "set_code": set_code, "set_description": description})
        for column, choices, label in (("positions", self.positions, _("position")),
                                       ("titles", self.titles, _("professional title"))):
            text = values.get(column, "")
            if text == UNRESTRICTED:
                data[column] = []
                continue
            names = split_list(text)
            unknown = [n for n in names if n not in choices]
            if unknown:
                outcome.refuse(_("Unknown %(what)s: %(names)s.") % {"what": label, "names": "、".join(unknown)[:100]})
            data[column] = [choices[n].pk for n in names if n in choices] if text else None
        when = values.get("when_not_eligible", "")
        if when and when not in WHEN:
            outcome.refuse(_("不符合时 is 拒绝 or 由负责人决定, not “%(value)s”.") % {"value": when[:20]})
        data["when_not_eligible"] = WHEN.get(when, "")
        if outcome.ok:
            outcome.action = UPDATE if permission_set else CREATE
            outcome.changes = (self._system_changes(system, data) if system else []) + (
                self._set_changes(permission_set, data) if permission_set else [])

    def _system_changes(self, system, data):
        changes = []
        if data["system_name"] != system.name:
            changes.append([_("System"), system.name, data["system_name"]])
        if data["owner_department"] and data["owner_department"] != system.owner_department_id:
            new = next(d.name for d in self.departments.values() if d.pk == data["owner_department"])
            changes.append(["审批科室", system.owner_department.name, new])
        for field, label in (("is_critical", "关键系统"), ("is_hospital_wide", "涉及全院")):
            if data[field] is not None and data[field] != getattr(system, field):
                changes.append([label, _yes_no(getattr(system, field)), _yes_no(data[field])])
        if data["description"] and data["description"] != system.description:
            changes.append(["系统说明", system.description[:60], data["description"][:60]])
        return changes

    def _set_changes(self, permission_set, data):
        changes = []
        if data["set_name"] != permission_set.name:
            changes.append([_("Permission set"), permission_set.name, data["set_name"]])
        if data["set_description"] and data["set_description"] != permission_set.description:
            changes.append(["权限说明", permission_set.description[:60], data["set_description"][:60]])
        for column, label, current, names in (
                ("positions", "可授予职务", permission_set.eligible_positions.all(), self.positions),
                ("titles", "可授予职称", permission_set.eligible_titles.all(), self.titles)):
            if data[column] is None:
                continue
            before = sorted(item.pk for item in current)
            if sorted(data[column]) != before:
                by_pk = {item.pk: name for name, item in names.items()}
                changes.append([label, "、".join(item.name for item in current),
                                "、".join(by_pk[pk] for pk in data[column]) or UNRESTRICTED])
        when = data["when_not_eligible"]
        if when and when != permission_set.when_not_eligible:
            changes.append(["不符合时", permission_set.get_when_not_eligible_display(),
                            PermissionSet.WhenNotEligible(when).label])
        return changes

    def _same_system_values(self, outcomes):
        """The rows of one system may leave its columns empty, but may not disagree."""
        seen = {}
        for outcome in outcomes:
            if not outcome.data:
                continue
            for field in SYSTEM_FIELDS:
                value = outcome.data.get(field)
                if value in (None, ""):
                    continue
                first = seen.setdefault((outcome.data["identity"], field), (value, outcome.number))
                if first[0] != value:
                    outcome.refuse(_("Row %(row)s gives this system a different %(column)s.") % {
                        "row": first[1], "column": dict(zip(SYSTEM_FIELDS, ("审批科室", "关键系统", "涉及全院",
                                                                            "系统说明")))[field]})
        for outcome in outcomes:
            if not outcome.data or outcome.data["system_pk"]:
                continue
            if not outcome.data["system_code"]:
                outcome.data["system_code"] = next((o.data["system_code"] for o in outcomes if o.data and o.data[
                    "identity"] == outcome.data["identity"] and o.data["system_code"]), "")
            department = seen.get((outcome.data["identity"], "owner_department"))
            if department is None:
                outcome.refuse(_("A new system needs its approving department (审批科室)."))
            else:  # a new system's later rows may leave it empty
                outcome.data["owner_department"] = department[0]

    def _duplicates(self, outcomes):
        rows = {}
        for outcome in outcomes:
            if outcome.data.get("set_name") or outcome.data.get("set_code"):
                key = (outcome.data["identity"], (outcome.data["set_code"] or outcome.data["set_name"]).lower())
                rows.setdefault(key, []).append(outcome)
        for same in rows.values():
            if len(same) > 1:
                numbers = "、".join(str(o.number) for o in same)
                for outcome in same:
                    outcome.refuse(_("The permission set appears in rows %(rows)s.") % {"rows": numbers})

    def _systems_section(self, outcomes):
        new = sorted({o.data["system_name"] for o in outcomes if o.ok and o.data and not o.data["system_pk"]})
        if not new:
            return []
        return [Section(title=_("Systems to add"), items=[{"text": name} for name in new], tone="warning")]


def _yes_no(flag):
    return "是" if flag else "否"


def _apply(plan, *, by):
    systems, created_systems, changed_systems = {}, [], set()
    taken_codes = set(InformationSystem.objects.values_list("code", flat=True))
    created = updated = 0
    for outcome in plan.outcomes:
        data = outcome.data
        system = systems.get(data["identity"])
        if system is None:
            system = InformationSystem.objects.get(pk=data["system_pk"]) if data["system_pk"] else None
            if system is None:
                code = data["system_code"] or _free(f"sys-{len(taken_codes) + 1}", taken_codes)
                taken_codes.add(code)
                system = InformationSystem(code=code, sort_order=100)
                created_systems.append(data["system_name"])
            systems[data["identity"]] = system
        before = {field: str(getattr(system, field)) for field in ("name", *SYSTEM_FIELDS)} if system.pk else {}
        system.name = data["system_name"]
        if data["owner_department"]:
            system.owner_department_id = data["owner_department"]
        for field in ("is_critical", "is_hospital_wide"):
            if data[field] is not None:
                setattr(system, field, data[field])
        if data["description"]:
            system.description = data["description"]
        system.save()
        after = {field: str(getattr(system, field)) for field in ("name", *SYSTEM_FIELDS)}
        if before != after and system.pk not in changed_systems:
            changed_systems.add(system.pk)
            audit_record(actor=by, action="authz.system.import", obj=system, before=before, after=after)
        if not (data.get("set_name") or data.get("set_code")) or outcome.action == UNCHANGED:
            continue
        permission_set = PermissionSet.objects.get(pk=data["set_pk"]) if data["set_pk"] else PermissionSet(
            system=system, code=data["set_code"] or _free("set-1", set(system.permission_sets.values_list(
                "code", flat=True))))
        permission_set.name = data["set_name"]
        if data["set_description"]:
            permission_set.description = data["set_description"]
        if data["when_not_eligible"]:
            permission_set.when_not_eligible = data["when_not_eligible"]
        permission_set.save()
        if data["positions"] is not None:
            permission_set.eligible_positions.set(data["positions"])
        if data["titles"] is not None:
            permission_set.eligible_titles.set(data["titles"])
        audit_record(actor=by, action="authz.permissionset.import", obj=permission_set,
                     after={"system": system.name, "changes": outcome.changes})
        created, updated = created + (not data["set_pk"]), updated + bool(data["set_pk"])
    return {"systems_created": created_systems, "systems_changed": len(changed_systems), "created": created,
            "updated": updated}


def _free(code, taken):
    stem, number = code.rsplit("-", 1)
    number = int(number)
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"

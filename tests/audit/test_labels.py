"""Every audit action written anywhere in the code base has a label (audit.labels), so the audit log and the
timelines never show a raw code such as "leave.request.cancel".

The actions are collected from the source: every string of the form "<app>.<thing>.<verb>" (the services pass
them to audit_record directly or through a small helper), and every f-string given as `action=` — its values come
from the calls of the function it is a parameter of, or from DYNAMIC below."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation

from approvals.services import Decision
from approvals.subjects import ApprovalSubject
from audit.labels import ACTION_LABELS, choices, label
from dutyroster.models import Swap
from leave.models import LeaveRequest
from training.models import ExternalTraining, Plan

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "tests", "bench", "migrations", "node_modules", "staticfiles", "static", "locale"}
# Dotted strings of the same shape that are not audit actions.
NOT_ACTIONS = {"tasks", "context_processors"}  # middle parts: Celery task names, settings' context processors
OTHER_NAMES = {"authz.activity.other"}  # a request type's code


def _outcomes(states):
    """A subject's `finished` hook records the approval's outcome as "<app>.<model>.<its new state>"."""
    return [states.APPROVED, states.REJECTED, states.WITHDRAWN]


def _authz_subjects():
    return [model._meta.model_name for model in apps.get_app_config("authz").get_models()
            if issubclass(model, ApprovalSubject)]


# The values of each f-string action whose part is not a parameter of the function writing it (ast.unparse form).
DYNAMIC = {
    "f'leave.request.{state}'": lambda: _outcomes(LeaveRequest.State),
    "f'training.plan.{state}'": lambda: _outcomes(Plan.State),
    "f'training.external.{state}'": lambda: _outcomes(ExternalTraining.State),
    "f'dutyroster.swap.{state}'": lambda: _outcomes(Swap.State),
    "f'approvals.step.{decision}'": lambda: [Decision.APPROVE, Decision.REJECT, Decision.RETURN],
    "f'approvals.request.{decision}'": lambda: [Decision.REJECT, Decision.RETURN],  # approve: its own line
    "f'staff.department.{field}'": lambda: ["head", "deputy"],  # staff/imports.py: who leads the department
    "f'authz.{subject._meta.model_name}.create'": _authz_subjects,
    "f'authz.{subject._meta.model_name}.update'": _authz_subjects,
    "f'admin.action.{name}'": lambda: ["any_admin_action"],  # audit.labels.label() names them all
}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED & set(path.relative_to(ROOT).parts):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _is_code(text, app_labels):
    parts = text.split(".")
    if not all(part and part.replace("_", "").isalpha() and part.islower() for part in parts):
        return False
    if parts[0] == "admin":  # audit/adminsite.py: admin.add, admin.change, admin.delete
        return len(parts) == 2
    return len(parts) == 3 and parts[0] in app_labels and parts[1] not in NOT_ACTIONS and text not in OTHER_NAMES


def _literal_arguments(tree, function, parameter):
    """The string constants passed as `parameter` in this module's calls of `function`."""
    index = [argument.arg for argument in function.args.args].index(parameter)
    values = []
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == function.name:
            given = [keyword.value for keyword in call.keywords if keyword.arg == parameter]
            given += call.args[index:index + 1]
            values += [value.value for value in given if isinstance(value, ast.Constant)]
    return values


def _expand(tree, function, fstring):
    """The actions an f-string such as f"appraisal.scorecard.{action}" writes."""
    source = ast.unparse(fstring)
    if source in DYNAMIC:
        values = DYNAMIC[source]()
    else:
        fields = [part.value for part in fstring.values if isinstance(part, ast.FormattedValue)]
        parameters = [argument.arg for argument in function.args.args] if function else []
        assert len(fields) == 1 and isinstance(fields[0], ast.Name) and fields[0].id in parameters, (
            f"{source}: add the values this action takes to DYNAMIC in {__file__}")
        values = _literal_arguments(tree, function, fields[0].id)
        assert values, f"{source}: no call of {function.name}() passes a literal {fields[0].id}"
    prefix = fstring.values[0].value
    suffix = fstring.values[-1].value if isinstance(fstring.values[-1], ast.Constant) else ""
    return {f"{prefix}{value}{suffix}" for value in values}


def _functions_and_fstring_actions(tree):
    for function in [None, *[node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]]:
        for call in ast.walk(function or tree):
            if not isinstance(call, ast.Call):
                continue
            for keyword in call.keywords:
                if keyword.arg == "action" and isinstance(keyword.value, ast.JoinedStr):
                    yield function, keyword.value


def written_actions():
    """{action: the files naming it} (an app's own label registry among them)."""
    app_labels = {config.label for config in apps.get_app_configs()}
    found = {}
    for path, tree in _sources():
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _is_code(node.value, app_labels):
                found.setdefault(node.value, set()).add(where)
        # The innermost function holding each f-string names the parameter it formats.
        innermost = {}
        for function, fstring in _functions_and_fstring_actions(tree):
            innermost[id(fstring)] = (function, fstring)
        for function, fstring in innermost.values():
            for code in _expand(tree, function, fstring):
                found.setdefault(code, set()).add(where)
    return found


def test_the_collector_finds_the_actions_of_each_kind():
    found = written_actions()

    assert "leave/services.py" in found["leave.request.cover"]  # a literal
    assert "discipline/services.py" in found["discipline.incident.appeal"]  # through a helper's argument
    assert "appraisal/services.py" in found["appraisal.scorecard.dispute"]  # a helper's f-string
    assert "leave/services.py" in found["leave.request.withdrawn"]  # DYNAMIC
    assert "authz/services.py" in found["authz.keyactivity.update"]
    assert "leave.tasks.recount_year" not in found


def test_every_action_written_has_a_label():
    missing = {code: where for code, where in written_actions().items() if label(code) == code}

    assert missing == {}, "register a label in the app's AppConfig.ready() (audit.labels.register)"


@pytest.mark.parametrize(("code", "expected"), [
    ("leave.request.cancel", "取消了请假"),
    ("appraisal.scorecard.dispute", "对考核结果提出异议"),
    ("admin.action.copy_as_new_version", "管理后台操作：copy_as_new_version"),
    ("staff.profile.update", "staff.profile.update"),  # nobody registered it: the code itself
])
def test_the_labels_in_chinese(code, expected):
    with translation.override("zh-hans"):
        assert str(label(code)) == expected


def test_the_filter_offers_each_app_then_its_actions():
    with translation.override("zh-hans"):
        groups = {str(name): [(value, str(text)) for value, text in options] for name, options in choices()}

    assert groups["请假（离岗）"][:2] == [("app:leave", "全部：请假（离岗）"), ("leave.request.apply", "提交了请假申请")]
    assert ("staff.candidate.offer", str(ACTION_LABELS["staff.candidate.offer"])) in groups["录用与试用期"]
    assert sum(len(options) - 1 for options in groups.values()) == len(ACTION_LABELS)

"""Human names for audit actions and the states they recorded, shown in timelines and on the audit log page.

The audit app cannot import the domains (layers), so each app registers the labels of the actions its services write
in its AppConfig.ready(): `register({"leave.request.cancel": _("cancelled the leave")})`.
tests/audit/test_labels.py fails when an action written anywhere in the code base has no label here.
"""

import functools

from django.apps import apps
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {}
# action code → the app label whose name heads its group in the audit log's action filter; by default the code's
# first part ("leave.request.cancel" → leave), but hiring's actions kept their former "staff." names.
ACTION_APPS = {}


def register(labels, *, app=None):
    ACTION_LABELS.update(labels)
    ACTION_APPS.update({code: app or code.split(".")[0] for code in labels})


ADMIN_ACTION = "admin.action."  # audit/adminsite.py: "admin.action.<the admin action's name>"


def label(code):
    """The action's label; an action nobody registered (an old entry's name) shows as its code."""
    if code in ACTION_LABELS:
        return ACTION_LABELS[code]
    if code.startswith(ADMIN_ACTION):
        return _("Django admin action: %(name)s") % {"name": code.removeprefix(ADMIN_ACTION)}
    return code


def codes_matching(text):
    """The actions whose label or code contains `text` (the audit log's search box finds "批准" in any domain)."""
    text = text.casefold()
    return [code for code, name in ACTION_LABELS.items() if text in str(name).casefold() or text in code]


def _app_name(app_label):
    if app_label == "admin":
        return _("Django admin")
    return apps.get_app_config(app_label).verbose_name


def choices():
    """The action filter's options, one group per app: first the whole app (its label, matching every action under
    that name), then each action by its label. Computed on each call: the labels are translated per request."""
    groups = {}
    for code, app_label in ACTION_APPS.items():
        groups.setdefault(app_label, []).append(code)
    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}  # INSTALLED_APPS
    options = []
    for app_label, codes in sorted(groups.items(), key=lambda group: order.get(group[0], len(order))):
        name = _app_name(app_label)
        options.append((name, [(f"app:{app_label}", _("All: %(app)s") % {"app": name}),
                               *[(code, ACTION_LABELS[code]) for code in codes]]))
    return options


def codes_of_app(app_label):
    return [code for code, owner in ACTION_APPS.items() if owner == app_label]


@functools.cache
def _fields(object_type):
    """The model's own fields by name, in its order; none for a type no model has now."""
    try:
        meta = apps.get_model(object_type)._meta
    except (LookupError, ValueError):
        return {}
    return {field.name: field for field in [*meta.fields, *meta.many_to_many]}


def _moment(text):
    """A moment recorded as ISO text ("2026-11-25T00:00:00Z"), in the hospital's time; None for any other text."""
    if len(text) < 16 or text[10:11] != "T":
        return None
    try:
        moment = parse_datetime(text)
    except ValueError:
        return None
    if moment is None:
        return None
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _value(field, value):
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, (list, tuple)):
        return "、".join(str(item) for item in value)
    if isinstance(value, str) and (moment := _moment(value)) is not None:
        return f"{moment:%Y-%m-%d %H:%M}"
    return value


def described(object_type, data):
    """A recorded state (an entry's before or after) for people: each key as the field's verbose name and a choice as
    its label where the object's model has that field ("状态: 复评", not "state: review"); other keys as recorded.
    In the model's field order, then the other keys by name (PostgreSQL's jsonb keeps no order of its own)."""
    fields = _fields(object_type)
    order = {name: index for index, name in enumerate(fields)}
    lines = []
    for key in sorted(data or {}, key=lambda key: (order.get(key, len(order)), key)):
        field = fields.get(key)
        name = getattr(field, "verbose_name", None)
        lines.append((capfirst(name) if name else key, _value(field, data[key])))
    return lines

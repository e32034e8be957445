"""Human names for audit actions, shown in timelines and on the audit log page.

The audit app cannot import the domains (layers), so each app registers the labels of the actions its services write
in its AppConfig.ready(): `register({"leave.request.cancel": _("cancelled the leave")})`.
tests/audit/test_labels.py fails when an action written anywhere in the code base has no label here.
"""

from django.apps import apps
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

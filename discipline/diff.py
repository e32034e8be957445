"""What a revision changes against another: rules added, removed and changed, field by field."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Revision, Rule
from .numbers import plain

COMPARED_FIELDS = ("text", "category", "effect", "amount", "per_item", "share_min_percent", "share_max_percent",
                   "measure", "at_least", "more_than", "at_most", "measured_max", "escalation", "escalation_period",
                   "excluded_on_main_shift")


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class RuleChange:
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"

    code: str
    kind: str
    old: Rule | None
    new: Rule | None
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self):
        return {self.ADDED: _("Added"), self.REMOVED: _("Removed"), self.CHANGED: _("Changed")}[self.kind]


def base_for(revision):
    """What a revision is compared with: the one in force today, else the latest published (not itself)."""
    others = Revision.objects.filter(schedule_id=revision.schedule_id).exclude(pk=revision.pk)
    return (others.in_force_on(timezone.localdate()).first()
            or others.published().order_by("-effective_from", "-number").first())


def display(rule, name):
    value = getattr(rule, name)
    model_field = Rule._meta.get_field(name)
    if model_field.choices:
        return str(getattr(rule, f"get_{name}_display")()) if value else "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or value == "":
        return "—"
    return plain(value) if not isinstance(value, str) else value


def revision_diff(base, revision):
    """The changes from base (None: an empty revision) to revision, in the order of the rules."""
    old = {rule.code: rule for rule in base.rules.all()} if base is not None else {}
    new = {rule.code: rule for rule in revision.rules.all()}
    changes = []
    for code, rule in new.items():
        if code not in old:
            changes.append(RuleChange(code, RuleChange.ADDED, None, rule))
            continue
        fields = [
            FieldChange(str(Rule._meta.get_field(name).verbose_name), display(old[code], name), display(rule, name))
            for name in COMPARED_FIELDS if display(old[code], name) != display(rule, name)
        ]
        if fields:
            changes.append(RuleChange(code, RuleChange.CHANGED, old[code], rule, fields))
    changes.extend(RuleChange(code, RuleChange.REMOVED, rule, None) for code, rule in old.items() if code not in new)
    return changes

"""Who may take an EXECUTE step (执行): the engine's hook for the apps that know people.

A chain's EXECUTE step goes to a role pool (IT's staff), and not everyone in the pool may carry work out: a new
hire on probation, or someone given the induction exam who has not passed it (新进人员须进行相关业务知识培训及考核，
考核通过后方可上机操作). approvals knows neither staff nor training: each registers a bar in its AppConfig.ready():

    from approvals.executors import register_execute_bar
    register_execute_bar("probation", people=on_probation,
                         message=_("Staff on probation do not carry out requests yet."))

- `people()` returns a queryset of users who may not execute. It is used as a subquery (the inbox, the role pool
  told of the step: no query of its own) or asked for one person when they try (`execute_refusal`).
- `message` is the refusal shown to such a person.

A barred person is not told of an EXECUTE step, does not find it in their inbox, and is refused if they try.
Steps assigned to a named person are theirs regardless: the chain's author chose them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, Q


@dataclass(frozen=True)
class ExecuteBar:
    name: str
    people: Callable  # () -> a queryset of users who may not execute
    message: str


_bars = {}


def register_execute_bar(name, *, people, message):
    _bars[name] = ExecuteBar(name, people, message)


def unregister_execute_bar(name):
    """For tests that register a bar of their own."""
    _bars.pop(name, None)


def barred(user):
    """A condition (for a filter) true when this person may not execute; None when no app registered a bar."""
    condition = None
    for bar in _bars.values():
        part = Q(Exists(bar.people().filter(pk=user.pk)))
        condition = part if condition is None else condition | part
    return condition


def exclude_barred(people):
    """The users of `people` who may execute (for telling a role pool of an EXECUTE step)."""
    for bar in _bars.values():
        people = people.exclude(pk__in=bar.people().values("pk"))
    return people


def execute_refusal(user):
    """Why this person may not carry out an EXECUTE step, or None (a query per registered bar)."""
    for bar in _bars.values():
        if bar.people().filter(pk=user.pk).exists():
            return str(bar.message)
    return None

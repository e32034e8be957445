"""Gates other domains hook into: conditions that must hold before a step of the authorization flow.

A gate is a small registry of predicates, each with the message shown when it refuses:

    NEW_ACCOUNT   checked when a new user's account request is submitted:
                  - "onboarding": HR's onboarding record exists (for now: the applicant's staff profile with a
                    hire date; 新用户凭人力资源部报到证办理帐号);
                  - "induction": the induction exam is passed. `induction_passed` answers True until the
                    training domain exists; it then replaces the predicate:

                        from authz import gates
                        gates.NEW_ACCOUNT.replace("induction", training.selectors.induction_passed)

    OFFBOARDING   for the offboarding domain: HR may complete a transfer or departure only when IT has
                  closed the person's accounts and issued the 注销确认证明 (人事部门收到注销确认证明后方可
                  办理离岗或转岗手续). Use `gates.OFFBOARDING.refusals(person)` (empty list: may proceed).

    BEFORE_REVOCATION  checked when IT executes a revocation (revocation_execute): the offboarding domain
                  registers "handover_confirmed" — IT revokes only after the successor (接交人员) has checked
                  the handover on the spot with the handed-over credentials (接交人员现场进入相关系统确认无误后
                  方为交接成功). Empty registry: nothing to wait for.

Predicates take the person concerned and return True when the gate lets them through.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Gate:
    name: str
    predicate: object
    message: str


class GateRegistry:
    def __init__(self):
        self._gates = {}

    def register(self, name, message):
        """Decorator: add a predicate under a name, with the message shown when it refuses."""
        def add(predicate):
            self._gates[name] = Gate(name, predicate, message)
            return predicate
        return add

    def replace(self, name, predicate):
        """Swap the predicate of a gate (the training domain replaces "induction"); the message stays."""
        gate = self._gates[name]
        self._gates[name] = Gate(name, predicate, gate.message)
        return gate.predicate

    def names(self):
        return list(self._gates)

    def refusals(self, person):
        """The messages of every gate that does not let this person through; empty when all do."""
        return [str(gate.message) % {"name": person.display_name}
                for gate in self._gates.values() if not gate.predicate(person)]


NEW_ACCOUNT = GateRegistry()
OFFBOARDING = GateRegistry()
BEFORE_REVOCATION = GateRegistry()


@NEW_ACCOUNT.register("onboarding", _("HR has not completed the onboarding record of %(name)s (hire date); "
                                      "an account can be requested once it is recorded."))
def onboarding_record_exists(user):
    profile = getattr(user, "profile", None)
    return profile is not None and profile.hire_date is not None


@NEW_ACCOUNT.register("induction", _("%(name)s has not passed the induction exam yet."))
def induction_passed(user):
    """True until the training domain replaces this predicate with the real exam result."""
    return True


def revocation_certificate_exists(user):
    """A 注销确认证明 has been issued for this person and no grant has been active since."""
    from .models import Grant, Revocation

    return (Revocation.objects.filter(person=user, issued_at__isnull=False).exists()
            and not Grant.objects.active().filter(user=user).exists())


@OFFBOARDING.register("accounts_revoked", _("IT has not yet revoked every account of %(name)s: the revocation (注销) "
                                            "and its certificate must come first."))
def accounts_revoked(user):
    """No active grant is left: IT revoked them (a revocation ends with the certificate), or there never was one."""
    from .models import Grant

    return not Grant.objects.active().filter(user=user).exists()

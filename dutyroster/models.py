"""The duty roster (值班) and what happens on duty: shifts, the handover (交接班), logs, registers, fault calls
(报修), patrols (包片区) and overtime (加班).

- DutyType is admin data: 总值班, 值主班, 值白班, 值白付班, 24-hour on-call, with their hours (a shift may cross
  midnight), the posts that may take them and the rules that apply.
- A Roster is one department's month. Its Assignments are the cells of the people × days grid, drafted from
  Rotations (an ordered list of people and an rrule pattern), edited by the head and then published. After
  publication a cell changes only through a swap or by the head with a reason (AssignmentChange, audited).
- Finding is what the duty records found against a person (a late response, a missing handover, a missed patrol
  week…): it is proposed as a discipline incident or as a scorecard line, which a head confirms. Nothing here
  punishes by itself; every finding links its evidence and its proposal.
"""

import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.subjects import ApprovalSubject
from core.models import SingletonPolicy

POINTS = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


def month_start(day):
    return day.replace(day=1)


def next_month(first):
    return (first + datetime.timedelta(days=32)).replace(day=1)


def previous_month(first):
    return (first - datetime.timedelta(days=1)).replace(day=1)


def month_days(first):
    """Every date of the month that begins on `first`."""
    following = next_month(first)
    return [first + datetime.timedelta(days=n) for n in range((following - first).days)]


def local_moment(day, time):
    """An aware datetime for a date and a wall-clock time in the hospital's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


class DutyPolicy(SingletonPolicy):
    """The numbers of the duty rules an administrator may change (one row).

    Defaults from the policies: 004 asks for a response within 15 minutes (000 allows 30; the stricter is kept),
    1 hour unattended costs 2 points, a major outage not restored within 12 hours costs 10 points, no duty log
    costs 1 point; the handover, patrol, complaint and overtime rules are the fine and point schedules' codes.
    """

    response_minutes = models.PositiveSmallIntegerField(
        _("response target (minutes)"), default=15, validators=[MinValueValidator(1)],
        help_text=_("接科室电话后15分钟内响应（包括电话）. The target is copied onto each call when it is received."))
    unattended_minutes = models.PositiveSmallIntegerField(
        _("unattended limit (minutes)"), default=60, validators=[MinValueValidator(1)],
        help_text=_("软、硬件故障在1小时内无人处理: nobody started handling the fault within this time."))
    major_outage_hours = models.PositiveSmallIntegerField(
        _("major outage restore target (hours)"), default=12, validators=[MinValueValidator(1)],
        help_text=_("系统出现重大故障，在12小时内未恢复功能."))
    response_points = models.DecimalField(_("points for a late response"), **POINTS, default=Decimal("2"))
    unattended_points = models.DecimalField(_("points for a fault left unattended"), **POINTS, default=Decimal("2"))
    outage_points = models.DecimalField(_("points for a major outage not restored in time"), **POINTS,
                                        default=Decimal("10"))
    missing_log_points = models.DecimalField(_("points for a day without a signed duty log"), **POINTS,
                                             default=Decimal("1"), help_text=_("如无工作日志扣1分."))
    handover_grace_minutes = models.PositiveSmallIntegerField(
        _("grace period for the handover and take-over (minutes)"), default=60,
        help_text=_("After a shift ends (or the next begins) this long without a handover (take-over), it is "
                    "proposed to the head as the rule below."))
    patrol_grace_days = models.PositiveSmallIntegerField(
        _("days to confirm a patrol week"), default=7,
        help_text=_("A week's patrol still unconfirmed this many days after the week ended counts as missed."))
    reminder_hour = models.PositiveSmallIntegerField(
        _("reminder hour the day before a duty"), default=17, validators=[MaxValueValidator(23)])
    handover_missing_rule = models.CharField(_("rule for a missing handover"), max_length=20, default="F10",
                                             help_text=_("交班人员不交班."))
    takeover_missing_rule = models.CharField(_("rule for a missing take-over"), max_length=20, default="F11",
                                             help_text=_("接班人员不接班."))
    omission_rule = models.CharField(_("rule for an item left out of the handover"), max_length=20, default="Q5",
                                     help_text=_("以上如有漏项和填写不全者，每项扣质量分3分: one line per item."))
    patrol_missed_rule = models.CharField(_("rule for a missed patrol week"), max_length=20, default="F15")
    complaint_fine_rule = models.CharField(_("fine rule for a complaint"), max_length=20, default="F16",
                                           blank=True)
    complaint_points_rule = models.CharField(_("points rule for a complaint"), max_length=20, default="Q4a",
                                             blank=True)
    overtime_rule = models.CharField(_("overtime bonus rule"), max_length=20, default="Q13",
                                     help_text=_("加班一次(2小时2分)加2分，值主班除外."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("duty policy")
        verbose_name_plural = _("duty policy")

    def __str__(self):
        return str(_("Duty policy"))


class DutyType(models.Model):
    """A kind of duty (值班类别) and its rules, maintained by admins."""

    class Category(models.TextChoices):
        GENERAL = "general", _("General duty (总值班)")
        MAIN = "main", _("Main shift (值主班)")
        DAY = "day", _("Day shift (值白班)")
        DAY_AUX = "day_aux", _("Assisting day shift (值白付班)")
        ON_CALL = "on_call", _("24-hour on-call (24小时值班)")

    class Colour(models.TextChoices):
        BLUE = "blue", _("Blue")
        GREEN = "green", _("Green")
        ORANGE = "orange", _("Orange")
        PURPLE = "purple", _("Purple")
        GREY = "grey", _("Grey")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    short = models.CharField(_("short label"), max_length=4, help_text=_("Shown in the roster's cells, e.g. 主."))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices, default=Colour.BLUE)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"), help_text=_("At or before the start: the shift ends the next day."))
    posts = models.ManyToManyField("staff.Post", blank=True, related_name="+", verbose_name=_("posts that may take it"),
                                   help_text=_("Empty: anyone of the roster's department."))
    people_per_day = models.PositiveSmallIntegerField(_("people each day"), default=1,
                                                      help_text=_("The grid marks a day with fewer."))
    allows_probation = models.BooleanField(_("may be taken during probation"), default=True)
    requires_induction = models.BooleanField(
        _("only after the induction exam"), default=True,
        help_text=_("新进人员须进行相关业务知识培训及考核，考核通过后方可上机操作."))
    rest_hours_after = models.PositiveSmallIntegerField(
        _("rest after it (hours)"), default=0,
        help_text=_("No other duty may begin within this many hours of its end (e.g. after a 24-hour duty)."))
    answers_phone = models.BooleanField(_("answers the duty phone"), default=False,
                                        help_text=_("Fault calls during the shift are attributed to this person."))
    needs_handover = models.BooleanField(_("handed over with counted items (交接班)"), default=False)
    hands_over_to = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="+",
                                      verbose_name=_("hands over to"),
                                      help_text=_("The duty type of the next shift; empty: the same type."))
    needs_log = models.BooleanField(_("keeps a duty log signed by the team leader"), default=False)
    no_overtime_bonus = models.BooleanField(
        _("no overtime bonus on this duty"), default=False,
        help_text=_("加班…值主班除外: overtime during this duty earns no bonus."))
    rule_codes = models.CharField(
        _("rules that apply"), max_length=200, blank=True,
        help_text=_("Codes of the fine and point schedules' rules, separated by spaces, e.g. F10 F11 F12 Q5 Q6."))
    duties = models.TextField(_("what the shift does"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("duty type (值班类别)")
        verbose_name_plural = _("duty types")

    def __str__(self):
        return self.name

    def crosses_midnight(self):
        return self.ends_at <= self.starts_at

    def period(self, day):
        """The aware start and end of this duty on `day` (the end may fall on the next day)."""
        start = local_moment(day, self.starts_at)
        end_day = day + datetime.timedelta(days=1) if self.crosses_midnight() else day
        return start, local_moment(end_day, self.ends_at)

    def hours(self):
        start, end = self.period(datetime.date(2001, 1, 1))
        return Decimal((end - start).total_seconds()) / 3600

    def hours_text(self):
        end = f"{self.ends_at:%H:%M}"
        if self.crosses_midnight():
            end = _("%(time)s next day") % {"time": end}
        return f"{self.starts_at:%H:%M}–{end}"

    def rules(self):
        return [code for code in self.rule_codes.replace(",", " ").split() if code]

    def is_night(self):
        return self.crosses_midnight()

    def clean(self):
        from discipline.models import Rule

        unknown = [code for code in self.rules() if not Rule.objects.filter(code=code).exists()]
        if unknown:
            raise ValidationError({"rule_codes": _("No rule has the code %(codes)s.") % {"codes": ", ".join(unknown)}})


class TeamLeader(models.Model):
    """A team leader (组长) who signs the duty logs and registers of a department, named by an admin."""

    department = models.ForeignKey("staff.Department", models.CASCADE, related_name="+",
                                   verbose_name=_("department"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+",
                               verbose_name=_("team leader (组长)"))

    class Meta:
        ordering = ["department", "person__username"]
        verbose_name = _("team leader (组长)")
        verbose_name_plural = _("team leaders")
        constraints = [models.UniqueConstraint(fields=["department", "person"], name="duty_one_team_leader_row")]

    def __str__(self):
        return f"{self.department} · {self.person.display_name}"


# Rotations and rosters --------------------------------------------------------------------------------------------

class Rotation(models.Model):
    """An ordered list of people and a pattern (an rrule) from which a month of one duty type is drafted."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Every day (or every N days)")
        WEEKLY = "weekly", _("Every week (or every N weeks) on the chosen weekdays")

    class Days(models.TextChoices):
        ALL = "all", _("Every day")
        WORKDAYS = "workdays", _("Working days only")
        REST_DAYS = "rest_days", _("Weekends and public holidays only")

    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("department"))
    duty_type = models.ForeignKey(DutyType, models.PROTECT, related_name="rotations", verbose_name=_("duty type"))
    name = models.CharField(_("name"), max_length=100)
    frequency = models.CharField(_("a turn begins"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.DAILY)
    interval = models.PositiveSmallIntegerField(_("every N"), default=1,
                                                validators=[MinValueValidator(1), MaxValueValidator(52)])
    weekdays = models.CharField(_("weekdays"), max_length=20, blank=True,
                                help_text=_("For a weekly pattern: 0 = Monday … 6 = Sunday, e.g. 0 or 0,3."))
    days_per_turn = models.PositiveSmallIntegerField(
        _("days in a turn"), default=1, validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("A turn covers this many days in a row for the same people (7: one person a week)."))
    people_per_turn = models.PositiveSmallIntegerField(_("people in a turn"), default=1,
                                                       validators=[MinValueValidator(1), MaxValueValidator(10)])
    days = models.CharField(_("on which days"), max_length=10, choices=Days.choices, default=Days.ALL)
    anchor_on = models.DateField(_("first turn on"),
                                 help_text=_("The day the first person in the list had the first turn."))
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["department", "duty_type__sort_order", "name"]
        verbose_name = _("rotation (轮班)")
        verbose_name_plural = _("rotations")

    def __str__(self):
        return self.name

    def weekday_numbers(self):
        return sorted({int(part) for part in self.weekdays.replace(" ", "").split(",") if part.isdigit()
                       and int(part) < 7})


class RotationMember(models.Model):
    rotation = models.ForeignKey(Rotation, models.CASCADE, related_name="members", verbose_name=_("rotation"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                               verbose_name=_("staff member"))
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["rotation", "order", "pk"]
        verbose_name = _("rotation member")
        verbose_name_plural = _("rotation members")
        constraints = [models.UniqueConstraint(fields=["rotation", "person"], name="duty_rotation_member_once")]

    def __str__(self):
        return f"{self.order}. {self.person.display_name}"


class Roster(models.Model):
    """One department's duty roster for one month (值班表)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("department"))
    month = models.DateField(_("month"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-month", "department__sort_order"]
        verbose_name = _("duty roster (值班表)")
        verbose_name_plural = _("duty rosters")
        constraints = [
            models.UniqueConstraint(fields=["department", "month"], name="duty_one_roster_a_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="duty_roster_month_first_day"),
        ]

    def __str__(self):
        return f"{self.department.name} · {self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("duty:roster", args=[self.department.code, f"{self.month:%Y-%m}"])

    def is_published(self):
        return self.state == self.State.PUBLISHED

    def days(self):
        return month_days(self.month)


class AssignmentQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("duty_type", "person", "roster__department")

    def published(self):
        return self.filter(roster__state=Roster.State.PUBLISHED)

    def overlapping(self, start, end):
        return self.filter(starts_at__lt=end, ends_at__gt=start)


class Assignment(models.Model):
    """One person on one duty on one day: a cell of the roster."""

    roster = models.ForeignKey(Roster, models.PROTECT, related_name="assignments", verbose_name=_("roster"))
    duty_type = models.ForeignKey(DutyType, models.PROTECT, related_name="assignments", verbose_name=_("duty type"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="duty_assignments",
                               verbose_name=_("staff member"))
    day = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    rotation = models.ForeignKey(Rotation, models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("drafted from"))
    # Bumped on every change a calendar must pick up (iCal SEQUENCE).
    sequence = models.PositiveIntegerField(_("revision"), default=0)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["day", "duty_type__sort_order", "person__username"]
        verbose_name = _("duty assignment")
        verbose_name_plural = _("duty assignments")
        constraints = [
            models.UniqueConstraint(fields=["duty_type", "day", "person"], name="duty_one_assignment_a_day"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="duty_assignment_in_order"),
        ]
        indexes = [
            models.Index(fields=["person", "starts_at"]),
            models.Index(fields=["roster", "day"]),
            models.Index(fields=["duty_type", "starts_at"]),
        ]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.duty_type.name} · {self.person.display_name}"

    def get_absolute_url(self):
        return reverse("duty:assignment", args=[self.pk])

    def set_times(self):
        self.starts_at, self.ends_at = self.duty_type.period(self.day)

    def is_on(self, moment):
        return self.starts_at <= moment < self.ends_at

    def has_ended(self, now=None):
        return self.ends_at <= (now or timezone.now())

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())


class AssignmentChange(models.Model):
    """A change to a published roster: by the head with a reason, or through an approved swap."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        REASSIGNED = "reassigned", _("Given to someone else")
        REMOVED = "removed", _("Removed")
        SWAPPED = "swapped", _("Swapped")

    roster = models.ForeignKey(Roster, models.PROTECT, related_name="changes", verbose_name=_("roster"))
    assignment = models.ForeignKey(Assignment, models.SET_NULL, null=True, blank=True, related_name="changes",
                                   verbose_name=_("duty"))
    kind = models.CharField(_("change"), max_length=12, choices=Kind.choices)
    day = models.DateField(_("date"))
    duty_type = models.ForeignKey(DutyType, models.PROTECT, related_name="+", verbose_name=_("duty type"))
    person_before = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("before"))
    person_after = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("after"))
    reason = models.TextField(_("reason"))
    swap = models.ForeignKey("Swap", models.PROTECT, null=True, blank=True, related_name="changes",
                             verbose_name=_("swap"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("roster change")
        verbose_name_plural = _("roster changes")

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.duty_type} {self.get_kind_display()}"


# Swaps (换班) ----------------------------------------------------------------------------------------------------

class Swap(ApprovalSubject):
    """A person asks a colleague to take a duty (in exchange for one of the colleague's, or not); the colleague
    accepts; the head approves through the approval engine, and only then does the roster change.

    The swap keeps its own state because it begins before the approval (the colleague's answer); from the
    colleague's acceptance on, the approval's outcome sets it (services.swaps.swap_finished, the `finished` hook).
    """

    REQUEST_TYPE = "dutyroster.swap"

    class State(models.TextChoices):
        ASKED = "asked", _("Waiting for the colleague")
        DECLINED = "declined", _("Declined by the colleague")
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved: the roster was changed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATES = (State.ASKED, State.PENDING)
    FINAL_STATES = (State.DECLINED, State.APPROVED, State.REJECTED, State.WITHDRAWN)

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("asked by"))
    colleague = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("colleague"))
    given = models.ForeignKey(Assignment, models.PROTECT, related_name="+", verbose_name=_("duty given"))
    taken = models.ForeignKey(Assignment, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("duty taken in exchange"),
                              help_text=_("Empty: the colleague covers the duty without an exchange (顶班)."))
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ASKED, db_index=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_note = models.CharField(_("colleague's note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("duty swap (换班)")
        verbose_name_plural = _("duty swaps")

    def __str__(self):
        return _("Swap: %(given)s") % {"given": self.given}

    def get_absolute_url(self):
        return reverse("duty:swap", args=[self.pk])

    def approval_title(self):
        given = self.given
        text = _("Duty swap: %(requester)s's %(duty)s %(date)s → %(colleague)s") % {
            "requester": self.requester.display_name, "duty": given.duty_type.name, "date": f"{given.day:%m-%d}",
            "colleague": self.colleague.display_name}
        if self.taken_id:
            text += _(", in exchange for %(duty)s %(date)s") % {"duty": self.taken.duty_type.name,
                                                                 "date": f"{self.taken.day:%m-%d}"}
        return text

    def approval_facts(self):
        """What the head reads before approving: both duties with their hours, the reason, the colleague's answer."""
        label = self._meta.get_field

        def duty(assignment):
            return f"{assignment.day:%Y-%m-%d} {assignment.duty_type.name} {assignment.duty_type.hours_text()}"

        facts = [(label("given").verbose_name, f"{duty(self.given)}: {self.requester.display_name} → "
                  f"{self.colleague.display_name}"),
                 (label("taken").verbose_name, f"{duty(self.taken)}: {self.colleague.display_name} → "
                  f"{self.requester.display_name}" if self.taken_id else _("No exchange (顶班)")),
                 (label("reason").verbose_name, self.reason)]
        if self.answered_at:
            facts.append((label("answer_note").verbose_name, self.answer_note or _("Accepted")))
        return facts

    def is_open(self):
        return self.state in self.OPEN_STATES


# The personal calendar feed ---------------------------------------------------------------------------------------

class CalendarFeed(models.Model):
    """A person's secret iCal feed address. Only a hash of the token is kept; a new link revokes the old one."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="duty_feeds",
                               verbose_name=_("staff member"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last read by a calendar"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [models.UniqueConstraint(fields=["person"], condition=Q(revoked_at__isnull=True),
                                               name="duty_one_live_feed")]

    def __str__(self):
        return f"{self.person.display_name} · {self.created_at:%Y-%m-%d}"

    @staticmethod
    def hash(token):
        return hashlib.sha256(token.encode()).hexdigest()

    def is_live(self):
        return self.revoked_at is None


# The handover (交接班) ------------------------------------------------------------------------------------------

class Handover(models.Model):
    """The outgoing person hands the shift over with counted items; the incoming person confirms each count."""

    class State(models.TextChoices):
        RECORDING = "recording", _("Being recorded by the outgoing person")
        HANDED_OVER = "handed_over", _("Handed over, waiting for the take-over")
        TAKEN_OVER = "taken_over", _("Taken over")
        DISPUTED = "disputed", _("Taken over with disputed counts")
        RESOLVED = "resolved", _("Dispute resolved by the head")

    DONE_STATES = (State.TAKEN_OVER, State.DISPUTED, State.RESOLVED)

    outgoing = models.OneToOneField(Assignment, models.PROTECT, related_name="handover",
                                    verbose_name=_("outgoing shift"))
    incoming = models.ForeignKey(Assignment, models.PROTECT, null=True, blank=True, related_name="taken_over",
                                 verbose_name=_("incoming shift"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.RECORDING,
                             db_index=True)
    note = models.TextField(_("note for the next shift"), blank=True)
    handed_over_at = models.DateTimeField(_("shift handed over at"), null=True, blank=True)
    taken_over_at = models.DateTimeField(_("taken over at"), null=True, blank=True)
    taken_over_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("taken over by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("resolved by"))
    resolution = models.TextField(_("resolution"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-outgoing__starts_at", "-pk"]
        verbose_name = _("shift handover (交接班)")
        verbose_name_plural = _("shift handovers")

    def __str__(self):
        return _("Handover of %(shift)s") % {"shift": self.outgoing}

    def get_absolute_url(self):
        return reverse("duty:handover", args=[self.pk])

    def is_recording(self):
        return self.state == self.State.RECORDING

    def is_done(self):
        return self.state in self.DONE_STATES


class HandoverItem(models.Model):
    """One counted line of the handover: spare machines and where each is, tools, pending work, loans, devices."""

    class Kind(models.TextChoices):
        SPARE = "spare", _("Spare machines (备用机)")
        TOOL = "tool", _("Repair tools (维修工具)")
        PENDING = "pending", _("Pending work (待完成工作)")
        LOAN = "loan", _("Items on loan (借出物品)")
        RECEIVED = "received", _("Devices received today (当日接收设备)")
        INSTALLED = "installed", _("Devices installed today (当日安装设备)")

    class Check(models.TextChoices):
        WAITING = "waiting", _("Not checked yet")
        CONFIRMED = "confirmed", _("Count confirmed")
        DISPUTED = "disputed", _("Count disputed")

    handover = models.ForeignKey(Handover, models.CASCADE, related_name="items", verbose_name=_("shift handover"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("item"), max_length=100)
    quantity = models.PositiveIntegerField(_("count"), validators=[MaxValueValidator(9999)])
    location = models.CharField(_("where / to whom"), max_length=150, blank=True,
                                help_text=_("Where each spare machine is, or who borrowed the item."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked = models.CharField(_("incoming check"), max_length=10, choices=Check.choices, default=Check.WAITING)
    counted = models.PositiveIntegerField(_("count found"), null=True, blank=True,
                                          validators=[MaxValueValidator(9999)])
    dispute_note = models.CharField(_("why the count is disputed"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["handover", "order", "pk"]
        verbose_name = _("shift handover item")
        verbose_name_plural = _("shift handover items")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.name} × {self.quantity}"


class HandoverOmission(models.Model):
    """Something the outgoing person left out or filled in incompletely (漏项): one Q5 line each."""

    handover = models.ForeignKey(Handover, models.CASCADE, related_name="omissions", verbose_name=_("shift handover"))
    item = models.ForeignKey(HandoverItem, models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("disputed item"))
    description = models.CharField(_("what was left out"), max_length=300)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        ordering = ["handover", "pk"]
        verbose_name = _("handover omission (漏项)")
        verbose_name_plural = _("handover omissions")

    def __str__(self):
        return self.description


# Duty logs and registers --------------------------------------------------------------------------------------

class DutyLog(models.Model):
    """The work log of one shift (值班记录 / 工作日志), signed off by the team leader (组长)."""

    class State(models.TextChoices):
        OPEN = "open", _("Being written")
        SUBMITTED = "submitted", _("Waiting for the team leader's signature")
        SIGNED = "signed", _("Signed by the team leader")

    assignment = models.OneToOneField(Assignment, models.PROTECT, related_name="log", verbose_name=_("shift"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("signed by"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    sign_note = models.CharField(_("team leader's note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-assignment__starts_at"]
        verbose_name = _("duty log (值班记录)")
        verbose_name_plural = _("duty logs")

    def __str__(self):
        return _("Duty log of %(shift)s") % {"shift": self.assignment}

    def get_absolute_url(self):
        return reverse("duty:log", args=[self.assignment_id])

    def is_signed(self):
        return self.state == self.State.SIGNED


class DutyLogEntry(models.Model):
    log = models.ForeignKey(DutyLog, models.CASCADE, related_name="entries", verbose_name=_("duty log"))
    at = models.DateTimeField(_("time"))
    text = models.TextField(_("what happened"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["log", "at", "pk"]
        verbose_name = _("duty log entry")
        verbose_name_plural = _("duty log entries")

    def __str__(self):
        return f"{self.at:%H:%M} {self.text[:30]}"


class RegisterBook(models.Model):
    """A register kept on duty (数据备份登记, 软件更新、增补登记, 网络安全监管记录, the machine-room forms)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    description = models.TextField(_("what is recorded"), blank=True)
    subject_label = models.CharField(_("subject column heading"), max_length=30, default="系统/设备")
    is_daily = models.BooleanField(_("an entry every day"), default=False,
                                   help_text=_("Days without an entry are listed for the head."))
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("register (登记表)")
        verbose_name_plural = _("registers")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("duty:register", args=[self.code])


class RegisterEntry(models.Model):
    class Outcome(models.TextChoices):
        NORMAL = "normal", _("Normal")
        ABNORMAL = "abnormal", _("Abnormal, handled")
        FAILED = "failed", _("Failed, reported")

    book = models.ForeignKey(RegisterBook, models.PROTECT, related_name="entries", verbose_name=_("register"))
    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("department"))
    occurred_at = models.DateTimeField(_("time"))
    subject = models.CharField(_("system or equipment"), max_length=100)
    content = models.TextField(_("content"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.NORMAL)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    assignment = models.ForeignKey(Assignment, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("during the shift"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("signed by"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        indexes = [models.Index(fields=["book", "occurred_at"])]

    def __str__(self):
        return f"{self.book} · {self.occurred_at:%Y-%m-%d %H:%M}"


class EquipmentLoan(models.Model):
    """信息科物品借出登记: what was lent, to whom, until when; open loans are carried into every handover."""

    item = models.CharField(_("item"), max_length=100)
    asset_number = models.CharField(_("asset number"), max_length=50, blank=True)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    is_spare_machine = models.BooleanField(_("a spare machine (备用机)"), default=False)
    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("borrowing department"))
    borrower = models.CharField(_("borrowed by"), max_length=50)
    lent_at = models.DateTimeField(_("lent at"))
    due_on = models.DateField(_("to be returned by"), null=True, blank=True)
    lent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                verbose_name=_("lent by"))
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_to = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("returned to"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["returned_at", "-lent_at", "-pk"]
        verbose_name = _("equipment loan (物品借出登记)")
        verbose_name_plural = _("equipment loans")

    def __str__(self):
        return f"{self.item} → {self.department.name} {self.borrower}"

    def is_out(self):
        return self.returned_at is None

    def is_overdue(self, today=None):
        return self.is_out() and self.due_on is not None and self.due_on < (today or timezone.localdate())


# Fault calls (报修) and complaints ---------------------------------------------------------------------------------

class FaultCallQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("department", "taken_by", "received_by")

    def open(self):
        return self.filter(state__in=FaultCall.OPEN_STATES)


class FaultCall(models.Model):
    """A call or ticket from a department: received, responded to, handled, resolved — each against its target."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone call")
        TICKET = "ticket", _("Ticket in Xinke")
        WALK_IN = "walk_in", _("In person")

    class State(models.TextChoices):
        NEW = "new", _("Waiting for a response")
        RESPONDED = "responded", _("Responded, not handled yet")
        HANDLING = "handling", _("Being handled")
        RESOLVED = "resolved", _("Resolved")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATES = (State.NEW, State.RESPONDED, State.HANDLING)

    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("calling department"))
    caller = models.CharField(_("caller"), max_length=50)
    caller_phone = models.CharField(_("call-back number"), max_length=20, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                 related_name="fault_calls", verbose_name=_("responsible (谁接谁负责)"))
    assignment = models.ForeignKey(Assignment, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("duty shift"))
    summary = models.CharField(_("fault"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    location = models.CharField(_("where"), max_length=100, blank=True)
    system = models.CharField(_("system or device"), max_length=100, blank=True)
    is_major = models.BooleanField(
        _("major outage (重大故障)"), default=False,
        help_text=_("新老院内网断网，或导致停工的系统故障: to be restored within the outage target."))
    responded_at = models.DateTimeField(_("responded at (including by phone)"), null=True, blank=True)
    handling_at = models.DateTimeField(_("handling started at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("what was done"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW, db_index=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    # The targets in force when the call came in: a later policy change does not rewrite history.
    response_minutes = models.PositiveSmallIntegerField(_("response target (minutes)"))
    unattended_minutes = models.PositiveSmallIntegerField(_("unattended limit (minutes)"))
    outage_hours = models.PositiveSmallIntegerField(_("restore target (hours)"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FaultCallQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("fault call (报修)")
        verbose_name_plural = _("fault calls")
        indexes = [models.Index(fields=["taken_by", "received_at"]),
                   models.Index(fields=["department", "received_at"])]

    def __str__(self):
        return f"{self.number} {self.summary}"

    def get_absolute_url(self):
        return reverse("duty:call", args=[self.pk])

    @property
    def number(self):
        return f"BX-{self.pk or 0:06d}"

    def is_open(self):
        return self.state in self.OPEN_STATES

    def response_due(self):
        return self.received_at + datetime.timedelta(minutes=self.response_minutes)

    def handling_due(self):
        return self.received_at + datetime.timedelta(minutes=self.unattended_minutes)

    def restore_due(self):
        return self.received_at + datetime.timedelta(hours=self.outage_hours)

    def _late(self, done_at, due, now):
        if self.state == self.State.CANCELLED:
            return False
        return (done_at or now or timezone.now()) > due

    def response_late(self, now=None):
        return self._late(self.responded_at, self.response_due(), now)

    def unattended(self, now=None):
        return self._late(self.handling_at, self.handling_due(), now)

    def outage_late(self, now=None):
        return self.is_major and self._late(self.resolved_at, self.restore_due(), now)

    def minutes_to_response(self, now=None):
        end = self.responded_at or now or timezone.now()
        return int((end - self.received_at).total_seconds() // 60)

    def breaches(self, now=None):
        """The targets this call missed (so far), as Finding kinds."""
        kinds = []
        if self.response_late(now):
            kinds.append(Finding.Kind.RESPONSE_LATE)
        if self.unattended(now):
            kinds.append(Finding.Kind.UNATTENDED)
        if self.outage_late(now):
            kinds.append(Finding.Kind.OUTAGE)
        return kinds


class Complaint(models.Model):
    """A complaint by the hospital or a department (投诉) against a member of staff, linked to its call."""

    class State(models.TextChoices):
        RECEIVED = "received", _("Received, to be checked")
        UPHELD = "upheld", _("Found true (经查属实)")
        UNFOUNDED = "unfounded", _("Not upheld")

    call = models.ForeignKey(FaultCall, models.PROTECT, null=True, blank=True, related_name="complaints",
                             verbose_name=_("fault call"))
    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("complaining department"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                               verbose_name=_("staff member complained about"))
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("complaint"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.RECEIVED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("checked by"))
    decided_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    decision_note = models.TextField(_("findings of the check"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("complaint (投诉)")
        verbose_name_plural = _("complaints")

    def __str__(self):
        return f"{self.received_on:%Y-%m-%d} {self.department.name} → {self.person.display_name}"

    def get_absolute_url(self):
        return reverse("duty:complaint", args=[self.pk])


# Patrols (包片区) ----------------------------------------------------------------------------------------------

class PatrolArea(models.Model):
    """A group of clinical departments one person looks after (责任区域), visited every week."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="patrol_areas",
                               verbose_name=_("responsible (片区负责人)"))
    departments = models.ManyToManyField("staff.Department", related_name="+", verbose_name=_("departments"))
    confirmers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("head nurses who confirm (护士长)"),
        help_text=_("Besides the departments' heads and deputies, who may confirm a visit (签名确认)."))
    visits_per_week = models.PositiveSmallIntegerField(_("visits a week"), default=1,
                                                       validators=[MinValueValidator(1), MaxValueValidator(7)])
    starts_on = models.DateField(_("since"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("patrol area (责任区域)")
        verbose_name_plural = _("patrol areas")

    def __str__(self):
        return self.name


class PatrolVisit(models.Model):
    """A weekly visit (下科室巡回服务) recorded on a phone and confirmed by the department's head or head nurse."""

    class State(models.TextChoices):
        RECORDED = "recorded", _("Waiting for the department's confirmation")
        CONFIRMED = "confirmed", _("Confirmed by the department")
        REJECTED = "rejected", _("Not confirmed by the department")

    area = models.ForeignKey(PatrolArea, models.PROTECT, related_name="visits", verbose_name=_("area"))
    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("department visited"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                               verbose_name=_("visited by"))
    visited_at = models.DateTimeField(_("visited at"))
    work = models.TextField(_("what was checked and done"))
    problems = models.TextField(_("problems found"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.RECORDED,
                             db_index=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirm_note = models.CharField(_("department's note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-visited_at", "-pk"]
        verbose_name = _("patrol visit (下科室检查登记)")
        verbose_name_plural = _("patrol visits")

    def __str__(self):
        return f"{self.area} · {self.department.name} · {self.visited_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("duty:visit", args=[self.pk])


# Overtime (加班) -----------------------------------------------------------------------------------------------

class Overtime(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", _("Bonus proposed to the head")
        NO_BONUS = "no_bonus", _("Recorded, no bonus")
        CANCELLED = "cancelled", _("Cancelled")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                               verbose_name=_("staff member"))
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    work = models.TextField(_("work done"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    no_bonus_reason = models.CharField(_("why no bonus"), max_length=300, blank=True)
    main_duty = models.ForeignKey(Assignment, models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("during the duty"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("overtime (加班)")
        verbose_name_plural = _("overtime")
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="duty_overtime_in_order")]

    def __str__(self):
        return f"{self.person.display_name} · {self.starts_at:%Y-%m-%d %H:%M}"

    def hours(self):
        return (Decimal((self.ends_at - self.starts_at).total_seconds()) / 3600).quantize(Decimal("0.1"))


# Breaches found on duty (值班违规): the kinds are admin data ---------------------------------------------------

class BreachKind(models.Model):
    """A kind of breach someone witnesses on duty and records against the person on that duty: the duty phone left
    ringing (F12, Q6), sleeping on duty (F19), the day shift not obeying the main shift (Q7a), the room not cleaned
    (Q7b), unreachable during a 24-hour duty (R19). What it costs is the rule's: the fine or points, the threshold
    and the doubling on repeats live in the discipline schedules; a kind without a rule offers its points as a
    scorecard line instead."""

    class Recorder(models.TextChoices):
        LEADERS = "leaders", _("The head, deputy head or a team leader")
        MAIN_SHIFT = "main_shift", _("Also whoever is on the main shift (值主班) that day")

    class Measure(models.TextChoices):
        NONE = "", _("Nothing to measure")
        MINUTES = "minutes", _("Minutes (e.g. how long the phone rang)")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    description = models.TextField(_("what counts"), blank=True)
    rule_code = models.CharField(
        _("rule proposed"), max_length=20, blank=True,
        help_text=_("The fine or points rule proposed as a discipline incident (its amount, threshold and doubling "
                    "are the rule's), e.g. F12 or Q6."))
    points = models.DecimalField(_("scorecard points"), **POINTS, null=True, blank=True,
                                 help_text=_("Without a rule: the points offered as a line of the month's scorecard."))
    measure = models.CharField(_("measured value"), max_length=10, choices=Measure.choices, blank=True)
    duty_types = models.ManyToManyField(DutyType, blank=True, related_name="+", verbose_name=_("duties it applies to"),
                                        help_text=_("Empty: every duty."))
    recorder = models.CharField(_("who records it"), max_length=12, choices=Recorder.choices,
                                default=Recorder.LEADERS)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("duty breach kind (值班违规类别)")
        verbose_name_plural = _("duty breach kinds")

    def __str__(self):
        return self.name

    def clean(self):
        from discipline.models import Rule

        if not self.rule_code and self.points is None:
            raise ValidationError(_("Give a rule or scorecard points: a breach must be proposed as something."))
        if self.rule_code and self.points is not None:
            raise ValidationError({"points": _("A kind with a rule takes its points from the rule.")})
        if self.rule_code:
            rule = Rule.objects.filter(code=self.rule_code).order_by("-revision__effective_from").first()
            if rule is None:
                raise ValidationError({"rule_code": _("No rule has the code %(codes)s.") % {"codes": self.rule_code}})
            if bool(rule.measure) != bool(self.measure):
                raise ValidationError({"measure": _("Rule %(code)s is measured in %(unit)s: choose the same here.") % {
                    "code": rule.code, "unit": rule.measure_unit_label() or "—"}})


class Breach(models.Model):
    """One breach recorded against the person on a duty, by someone who witnessed it."""

    kind = models.ForeignKey(BreachKind, models.PROTECT, related_name="breaches", verbose_name=_("breach"))
    assignment = models.ForeignKey(Assignment, models.PROTECT, related_name="breaches", verbose_name=_("duty"))
    occurred_at = models.DateTimeField(_("when"))
    minutes = models.PositiveIntegerField(_("minutes"), null=True, blank=True)
    facts = models.TextField(_("what happened"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("duty breach")
        verbose_name_plural = _("duty breaches")

    def __str__(self):
        return f"{timezone.localtime(self.occurred_at):%Y-%m-%d %H:%M} {self.kind.name}"


# Findings: what the duty records found, proposed for a head to confirm ---------------------------------------------

class FindingQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("person", "department", "call", "handover__outgoing__duty_type", "assignment",
                                   "patrol_area", "complaint", "overtime", "breach__kind")

    def in_month(self, first):
        return self.filter(occurred_on__gte=first, occurred_on__lt=next_month(first))

    def standing(self):
        return self.exclude(state=Finding.State.DISMISSED)


class Finding(models.Model):
    """One breach found in the duty records, with its evidence and what it was proposed as.

    A finding with a rule code is proposed as a discipline incident (source "dutyroster"); one with points is
    offered as a scorecard line of the month. A head confirms either; a head may dismiss a finding with a reason.
    """

    class Kind(models.TextChoices):
        RESPONSE_LATE = "response_late", _("Late response to a fault call")
        UNATTENDED = "unattended", _("Fault left unattended")
        OUTAGE = "outage", _("Major outage not restored in time")
        LOG_MISSING = "log_missing", _("No signed duty log")
        HANDOVER_MISSING = "handover_missing", _("Shift not handed over (不交班)")
        TAKEOVER_MISSING = "takeover_missing", _("Shift not taken over (不接班)")
        OMISSION = "omission", _("Item left out of the handover (漏项)")
        PATROL_MISSED = "patrol_missed", _("Patrol week missed")
        COMPLAINT = "complaint", _("Complaint found true")
        OVERTIME = "overtime", _("Overtime bonus")
        BREACH = "breach", _("Breach recorded on duty")

    class State(models.TextChoices):
        OPEN = "open", _("Offered as a scorecard line")
        PROPOSED = "proposed", _("Proposed as a discipline incident")
        DISMISSED = "dismissed", _("Dismissed by the head")

    key = models.CharField(max_length=80, unique=True, editable=False)  # idempotency: "call:12:response_late"
    kind = models.CharField(_("finding"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="duty_findings",
                               verbose_name=_("staff member"))
    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("department"))
    occurred_on = models.DateField(_("date"), db_index=True)
    facts = models.TextField(_("facts"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, db_index=True)
    rule_code = models.CharField(_("rule"), max_length=20, blank=True)
    points = models.DecimalField(_("scorecard points"), max_digits=5, decimal_places=2, null=True, blank=True)
    incident = models.ForeignKey("discipline.Incident", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("proposed incident"))
    # The evidence: one of these.
    call = models.ForeignKey(FaultCall, models.PROTECT, null=True, blank=True, related_name="findings")
    handover = models.ForeignKey(Handover, models.PROTECT, null=True, blank=True, related_name="findings")
    omission = models.OneToOneField(HandoverOmission, models.PROTECT, null=True, blank=True, related_name="finding")
    assignment = models.ForeignKey(Assignment, models.PROTECT, null=True, blank=True, related_name="findings")
    patrol_area = models.ForeignKey(PatrolArea, models.PROTECT, null=True, blank=True, related_name="findings")
    complaint = models.ForeignKey(Complaint, models.PROTECT, null=True, blank=True, related_name="findings")
    overtime = models.OneToOneField(Overtime, models.PROTECT, null=True, blank=True, related_name="finding")
    breach = models.OneToOneField(Breach, models.PROTECT, null=True, blank=True, related_name="finding")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("dismissed by"))
    decided_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)
    dismiss_reason = models.CharField(_("why dismissed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("found at"), auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("duty finding")
        verbose_name_plural = _("duty findings")
        indexes = [models.Index(fields=["person", "occurred_on"]), models.Index(fields=["department", "occurred_on"])]

    def __str__(self):
        return f"{self.occurred_on:%Y-%m-%d} {self.title()} · {self.person.display_name}"

    def get_absolute_url(self):
        return reverse("duty:finding", args=[self.pk])

    def title(self):
        """The finding's name: a recorded breach is named by its kind (admin data)."""
        return self.breach.kind.name if self.breach_id else self.get_kind_display()

    def evidence(self):
        """(label, url) of the record behind the finding."""
        if self.breach_id:
            return str(self.breach), reverse("duty:assignment", args=[self.breach.assignment_id])
        if self.call_id:
            return self.call.number, self.call.get_absolute_url()
        if self.handover_id:
            return str(self.handover), self.handover.get_absolute_url()
        if self.assignment_id:
            return str(self.assignment), reverse("duty:log", args=[self.assignment_id])
        if self.complaint_id:
            return str(self.complaint), self.complaint.get_absolute_url()
        if self.patrol_area_id:
            return str(self.patrol_area), reverse("duty:patrols") + f"?area={self.patrol_area_id}"
        if self.overtime_id:
            return str(self.overtime), reverse("duty:overtime")
        return "", ""

"""Who may do what about people and the organisation: leaders, supervisors, IT staff, personal data.

Small predicates, asked by views and services of every domain (never the raw groups)."""

from django.db.models import Q

from core.roles import Role, has_role, is_admin, is_hr

from .models import Department, StaffProfile


def is_department_leader(user):
    """Head or deputy of some department (科室负责人)."""
    if not user.is_authenticated:
        return False
    if has_role(user, Role.DEPARTMENT_HEAD):
        return True
    if not hasattr(user, "_leads_a_department"):
        user._leads_a_department = Department.objects.filter(Q(head=user) | Q(deputy=user)).exists()
    return user._leads_a_department


def leads_department(user, department):
    return department is not None and department.is_led_by(user)


def supervises(user, person):
    profile = getattr(person, "profile", None)
    return profile is not None and user.pk is not None and profile.supervisor_id == user.pk


def must_use_mfa(user):
    """TOTP is required for everyone with powers over others or their data: admins, department heads and
    deputies, the VP, HR (they see unmasked ID numbers) and auditors."""
    return (user.is_staff or is_admin(user) or is_department_leader(user) or is_hr(user)
            or has_role(user, Role.VP_IT) or has_role(user, Role.AUDITOR))


def can_see_personal_data(viewer, profile):
    """Unmasked ID and phone numbers: HR and the person themselves."""
    return viewer.pk == profile.user_id or is_hr(viewer) or viewer.has_perm("staff.view_personal_data")


def can_edit_profile(viewer, profile):
    return is_hr(viewer)


def can_see_documents(viewer, profile):
    """A person's documents (diplomas, certificates): HR and the person."""
    return viewer.pk == profile.user_id or is_hr(viewer)


def can_upload_documents(viewer, profile):
    return is_hr(viewer)


def is_it_staff(user):
    """A current member of the IT department (信息科): carries out accounts, confirms privileged changes."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_it_staff"):
        profile = StaffProfile.objects.select_related("department").filter(user=user).first()
        if profile is not None:
            user.profile = profile  # cached: the page shell reads it too
        user._is_it_staff = bool(profile and profile.is_active_staff()
                                 and profile.department.kind == Department.Kind.IT)
    return user._is_it_staff


def works_with_it_department(user):
    """The IT department's own affairs (its leave, discipline, scorecards, duty, training and handovers): its staff
    and leaders, HR, the vice president in charge of IT, auditors and administrators. The clinical and administrative
    departments come to Xinke for accounts and permissions, their approvals and their staff (issue 13)."""
    return user.is_authenticated and (is_it_staff(user) or is_hr(user) or is_admin(user)
                                      or has_role(user, Role.VP_IT) or has_role(user, Role.AUDITOR))


def department_name(user):
    """The person's department, beside the product's name in the page shell (信科 · 医务科)."""
    if not user.is_authenticated:
        return ""
    is_it_staff(user)  # reads the profile with its department once (the menus ask it too)
    profile = getattr(user, "profile", None)
    return profile.department.name if profile is not None else ""

"""What the engine needs to know about people, answered by the organisation (staff registers it in its apps.py).

approvals sits below staff and never imports it. A chain asks only a few questions — who supervises the
applicant, who leads a department, who is the vice president in charge of IT, which department is IT, who
holds a role — and the directory answers them from the organisation's own models.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Directory:
    department_of: Callable  # (user) -> their department, or None
    department_id_of: Callable  # (user) -> its id, without a query when the profile is loaded
    supervisor_of: Callable  # (user) -> their direct supervisor, or None
    leaders_of: Callable  # (department) -> [head, deputy], those that are set
    vp_it: Callable  # () -> the vice president in charge of IT (分管院长), or None
    it_department: Callable  # () -> the IT department (信息科), or None
    people_with_role: Callable  # (role, department=None) -> active users holding the role (in the department)


_directory = None


def register_directory(directory):
    global _directory
    _directory = directory


def directory():
    if _directory is None:
        raise ImproperlyConfigured("No people directory is registered: the staff app registers it in its ready().")
    return _directory

"""Arguments for the discipline rows of tests/permission_matrix.py: the employee's incident (with evidence),
the employee's and the IT department's statement of this month, the money schedule's revision."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from discipline.models import Revision
from discipline.services import incident_record

PDF = b"%PDF-1.4\n%test\n"


def arguments(org, key):
    today = timezone.localdate()
    if key == "discipline_incident":
        incident = incident_record(person=org.employee, rule_code="F2", occurred_on=today, facts="迟到3分钟",
                                   by=org.head, measured_value=3,
                                   evidence=SimpleUploadedFile("考勤记录.pdf", PDF, content_type="application/pdf"))
        return {"pk": incident.pk}
    if key == "discipline_employee_month":
        return {"username": org.employee.username, "year": today.year, "month": today.month}
    if key == "discipline_it_month":
        return {"code": org.it.code, "year": today.year, "month": today.month}
    revision = Revision.objects.get(schedule__code="fines", number=8)
    if key == "discipline_revision":
        return {"pk": revision.pk}
    if key == "discipline_revision_object":
        return {"object_id": revision.pk}
    raise KeyError(key)

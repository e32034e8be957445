"""AuditEntry.objects.for_object(): an object's history, also under the label its model had before a rename."""

import pytest

from audit import models as audit_models
from audit.models import AuditEntry, register_former_type
from audit.services import audit_record
from staff.models import Department


@pytest.fixture
def former_types(monkeypatch):
    monkeypatch.setattr(audit_models, "_former_types", {})


def test_the_history_of_one_object(org, former_types):
    mine = audit_record(actor=org.hr, action="staff.department.update", obj=org.it).pk
    audit_record(actor=org.hr, action="staff.department.update", obj=org.ward)
    audit_record(actor=org.hr, action="staff.profile.update", obj=org.employee.profile)
    same_id_other_type = audit_record(actor=org.hr, action="staff.post.update", obj=org.post).pk
    AuditEntry.objects.filter(pk=same_id_other_type).update(object_id=str(org.it.pk))

    assert list(AuditEntry.objects.for_object(org.it).values_list("pk", flat=True)) == [mine]


def test_entries_under_a_former_label_belong_to_the_renamed_model(org, former_types):
    before_rename = audit_record(actor=org.hr, action="staff.unit.update", obj=org.it).pk
    AuditEntry.objects.filter(pk=before_rename).update(object_type="staff.unit")
    after_rename = audit_record(actor=org.hr, action="staff.department.update", obj=org.it).pk
    assert list(AuditEntry.objects.for_object(org.it).values_list("pk", flat=True)) == [after_rename]

    register_former_type(Department, "staff.unit")

    assert list(AuditEntry.objects.for_object(org.it).values_list("pk", flat=True)) == [after_rename, before_rename]

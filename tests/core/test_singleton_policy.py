"""core.models.SingletonPolicy: every admin-edited policy is one row, made with its defaults when first asked for."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

from core.admin import SingletonPolicyAdmin
from core.models import SingletonPolicy
from leave.models import LeavePolicy

POLICIES = sorted((model for model in apps.get_models() if issubclass(model, SingletonPolicy)),
                  key=lambda model: model._meta.label)


def test_the_policies_of_every_domain_share_the_base():
    assert [model._meta.label for model in POLICIES] == [
        "appraisal.AppraisalPolicy", "appraisal.FeedbackPolicy", "appraisal.PeriodicPolicy", "authz.AuthzPolicy",
        "dutyroster.DutyPolicy", "hiring.HiringPolicy", "leave.LeavePolicy", "training.TrainingPolicy"]


@pytest.mark.django_db
@pytest.mark.parametrize("model", POLICIES, ids=lambda model: model._meta.label)
def test_current_makes_the_one_row_once_and_then_reads_it(model, django_assert_num_queries):
    model.objects.all().delete()

    first = model.current()
    with django_assert_num_queries(1):
        again = model.current()

    assert (first.pk, again.pk, model.objects.count()) == (1, 1, 1)


@pytest.mark.django_db
def test_current_returns_what_the_administrator_saved():
    policy = LeavePolicy.current()
    policy.carry_over_max_days = 3
    policy.save()

    assert LeavePolicy.current().carry_over_max_days == 3


@pytest.mark.django_db
@pytest.mark.parametrize("model", POLICIES, ids=lambda model: model._meta.label)
def test_the_admin_edits_the_row_but_adds_no_second_and_deletes_none(model, org):
    request = RequestFactory().get("/admin/")
    request.user = org.admin
    request.user.is_superuser = True  # the Django permissions aside: only the singleton rule is asked here
    model_admin = admin.site._registry[model]
    model.objects.all().delete()

    assert isinstance(model_admin, SingletonPolicyAdmin)
    assert model_admin.has_add_permission(request) is True
    model.current()
    assert (model_admin.has_add_permission(request), model_admin.has_delete_permission(request, model.current()),
            model_admin.has_change_permission(request, model.current())) == (False, False, True)

"""hiring 0001/0002 and staff 0009 move hiring's models out of staff on a database that has data: the rows stay in
their tables, the content types keep their ids (so permissions, guardian's object permissions and approval requests
still point at them), and beat schedules and waiting outbox messages follow the tasks to hiring.tasks."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_celery_beat.models import PeriodicTask
from guardian.shortcuts import get_perms

from approvals.models import ApprovalRequest
from hiring.models import HeadcountRequest, HiringExclusion
from outbox.models import OutboxMessage
from staff.models import User
from tests.migrator import migrate  # noqa: F401 (the fixture)

BEFORE = [("staff", "0008_approval_subject_in_approvals"), ("hiring", None)]
OLD_SCHEDULE = "staff: remind HR of start dates to notify (3-day notice)"


def _old_data(apps):
    """Rows as the release before the move left them, made with that release's models."""
    get = apps.get_model
    head = get("staff", "User").objects.create(username="mig-head", name="王主任")
    department = get("staff", "Department").objects.create(code="mig-it", name="迁移信息科")
    post = get("staff", "Post").objects.create(code="mig-admin", name="迁移系统管理员")
    headcount = get("staff", "HeadcountRequest").objects.create(
        department=department, post=post, number=2, reason="workload", justification="夜班人手不足",
        job_description="数据库运维", requested_by=head)
    exclusion = get("staff", "HiringExclusion").objects.create(text="迁移测试情形", stage="screening", order=99)
    content_type, _ = get("contenttypes", "ContentType").objects.get_or_create(
        app_label="staff", model="headcountrequest")
    permission, _ = get("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename="view_headcountrequest", defaults={"name": "Can view headcount request"})
    get("guardian", "UserObjectPermission").objects.create(
        user=head, permission=permission, content_type=content_type, object_pk=str(headcount.pk))
    request_type, _ = get("approvals", "RequestType").objects.get_or_create(
        code="staff.headcount", defaults={"name": "用人计划"})
    approval = get("approvals", "ApprovalRequest").objects.create(
        request_type=request_type, applicant=head, department=department, title="用人计划", state="pending",
        subject_type=content_type,
        subject_id=headcount.pk)
    headcount.approval = approval
    headcount.save(update_fields=["approval"])
    interval = get("django_celery_beat", "IntervalSchedule").objects.create(every=3600, period="seconds")
    schedules = get("django_celery_beat", "PeriodicTask").objects
    schedules.filter(name__in=[OLD_SCHEDULE, OLD_SCHEDULE.replace("staff:", "hiring:")]).delete()
    schedules.create(name=OLD_SCHEDULE, task="staff.hiring_tasks.notice_reminders", interval=interval)
    message = get("outbox", "OutboxMessage").objects.create(
        task_name="staff.hiring_tasks.recount_notice_deadlines", args=[2027])
    return {"headcount": headcount.pk, "exclusion": exclusion.pk, "content_type": content_type.pk,
            "permission": permission.pk, "approval": approval.pk, "message": message.pk}


def _before_the_move():
    """The apps as the release before the move knew them (staff 0008 and every other app's latest)."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    nodes = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in ("staff", "hiring")]
    return executor.loader.project_state([*nodes, BEFORE[0]]).apps


def test_hiring_rows_permissions_and_tasks_survive_the_move(migrate):
    old = _old_data(_before_the_move())

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    headcount = HeadcountRequest.objects.select_related("department", "post", "requested_by").get(pk=old["headcount"])
    assert (headcount.department.name, headcount.post.name, headcount.number, headcount.requested_by.username) == (
        "迁移信息科", "迁移系统管理员", 2, "mig-head")
    assert HiringExclusion.objects.get(pk=old["exclusion"]).text == "迁移测试情形"
    content_type = ContentType.objects.get_for_model(HeadcountRequest)
    assert (content_type.pk, content_type.app_label) == (old["content_type"], "hiring")
    assert not ContentType.objects.filter(app_label="staff", model="headcountrequest").exists()
    assert Permission.objects.get(pk=old["permission"]).content_type_id == old["content_type"]
    assert get_perms(User.objects.get(username="mig-head"), headcount) == ["view_headcountrequest"]
    approval = ApprovalRequest.objects.get(pk=old["approval"])
    assert (approval.subject, headcount.approval_id) == (headcount, approval.pk)
    assert list(PeriodicTask.objects.filter(task__startswith="hiring.tasks.notice").values_list("name", "task")) == [
        ("hiring: remind HR of start dates to notify (3-day notice)", "hiring.tasks.notice_reminders")]
    assert not PeriodicTask.objects.filter(task__startswith="staff.hiring_tasks").exists()
    assert OutboxMessage.objects.get(pk=old["message"]).task_name == "hiring.tasks.recount_notice_deadlines"

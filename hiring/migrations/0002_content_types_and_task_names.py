"""What still names hiring's models and tasks under staff follows them into the hiring app.

- Content types: the rows are renamed in place (app_label staff → hiring), so their ids stay. Permissions (with their
  codenames: view_hiringpolicy…), groups' and people's permissions, guardian's object permissions and approval
  requests' subjects (a generic relation to the content type) all keep pointing at the same rows. Perm strings are
  now "hiring.<codename>" (staff/roles.py).
- Celery tasks moved from staff.hiring_tasks to hiring.tasks: beat schedules (kept in the database so admins can edit
  them) and messages still waiting in the outbox are renamed, so no reminder is lost.

Audit entries keep their action names ("staff.candidate.offer"…) and are found under the former model labels
(audit.models.register_former_type in hiring/home.py).
"""

from django.db import migrations

MODELS = ["hiringpolicy", "hiringexclusion", "onboardingrequirement", "headcountrequest", "posting", "candidate",
          "candidateexclusioncheck", "interviewscore", "candidateattachment", "onboardingitem", "probation",
          "probationassessment", "historicalhiringpolicy", "historicalprobation"]
TASKS = [
    ("staff: remind HR of start dates to notify (3-day notice)", "hiring: remind HR of start dates to notify (3-day notice)",
     "notice_reminders"),
    ("staff: remind of probations ending or overdue", "hiring: remind of probations ending or overdue",
     "probation_reminders"),
    (None, None, "recount_notice_deadlines"),
]


def _rename_content_types(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        # A content type made under the new label before this ran (nothing points at it yet) gives way to the old row.
        if ContentType.objects.filter(app_label=old, model=model).exists():
            ContentType.objects.filter(app_label=new, model=model).delete()
        ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def _rename_tasks(apps, old_module, new_module, forward):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    OutboxMessage = apps.get_model("outbox", "OutboxMessage")
    for old_name, new_name, task in TASKS:
        old_task, new_task = f"{old_module}.{task}", f"{new_module}.{task}"
        if old_name:
            before, after = (old_name, new_name) if forward else (new_name, old_name)
            if not PeriodicTask.objects.filter(name=after).exists():
                PeriodicTask.objects.filter(name=before).update(name=after)
        PeriodicTask.objects.filter(task=old_task).update(task=new_task)
        OutboxMessage.objects.filter(task_name=old_task).update(task_name=new_task)


def forwards(apps, schema_editor):
    _rename_content_types(apps, "staff", "hiring")
    _rename_tasks(apps, "staff.hiring_tasks", "hiring.tasks", forward=True)


def backwards(apps, schema_editor):
    _rename_content_types(apps, "hiring", "staff")
    _rename_tasks(apps, "hiring.tasks", "staff.hiring_tasks", forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("hiring", "0001_initial"),
        ("staff", "0009_hiring_moved_to_its_own_app"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("outbox", "0002_alter_outboxmessage_sent_at"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""Load the policy's information systems, their owners and permission sets, and the request types with their
chain rules (authz/policy.py). Reference data that production needs as much as the demo; admins edit it after.
"""

from django.db import migrations


def load_policy(apps, schema_editor):
    from authz import policy

    policy.load(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("authz", "0001_initial"),
        ("approvals", "0001_initial"),
    ]

    operations = [migrations.RunPython(load_policy, migrations.RunPython.noop)]

"""Load the IT department's post descriptions (岗位说明书) from the policy document.

Reference data that production needs as much as the demo; admins edit it afterwards.
"""

import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "seed_data" / "posts.json"
# 信息科岗位设置: the order in which the posts are listed.
SORT_ORDER = {"head": 10, "deputy_head": 20, "system_admin": 30, "security_admin": 40,
              "database_admin": 50, "network_admin": 60}
TEXT_FIELDS = ["objective", "reports_to", "collaborates_with", "directs", "internal_rules",
               "performance_requirements", "conduct", "physical_requirements"]


def load_posts(apps, schema_editor):
    Post = apps.get_model("staff", "Post")
    PostDuty = apps.get_model("staff", "PostDuty")
    PostRequirement = apps.get_model("staff", "PostRequirement")
    for data in json.loads(SEED.read_text(encoding="utf-8")):
        if Post.objects.filter(code=data["code"]).exists():
            continue
        post = Post.objects.create(
            code=data["code"], name=data["name"], headcount=data["headcount"],
            sort_order=SORT_ORDER.get(data["code"], 100), **{field: data[field] for field in TEXT_FIELDS},
        )
        for order, duty in enumerate(data["duties"], start=1):
            PostDuty.objects.create(post=post, order=order, **duty)
        for order, requirement in enumerate(data["qualifications"], start=1):
            PostRequirement.objects.create(post=post, order=order, **requirement)


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_initial")]

    operations = [migrations.RunPython(load_posts, migrations.RunPython.noop)]

"""Load the IT department's scorecards (绩效考核表) from the policy document, and the cycle's dates.

Reference data that production needs as much as the demo; admins edit it afterwards in Django admin
(editing a version that scorecards use creates the next version).
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "seed_data" / "templates.json"
TEXT_FIELDS = ["name", "instructions", "bonus_guidance", "deduction_guidance", "total_note"]


def load_templates(apps, schema_editor):
    Post = apps.get_model("staff", "Post")
    Template = apps.get_model("appraisal", "ScorecardTemplate")
    Section = apps.get_model("appraisal", "TemplateSection")
    Item = apps.get_model("appraisal", "TemplateItem")
    Band = apps.get_model("appraisal", "GradeBand")
    Policy = apps.get_model("appraisal", "AppraisalPolicy")
    Policy.objects.get_or_create(pk=1)
    for data in json.loads(SEED.read_text(encoding="utf-8")):
        post = Post.objects.filter(code=data["post"]).first()
        if post is None or Template.objects.filter(post=post).exists():
            continue
        template = Template.objects.create(
            post=post, version=1, self_weight=Decimal(data["self_weight"]),
            reviewer_weight=Decimal(data["reviewer_weight"]), **{name: data[name] for name in TEXT_FIELDS},
        )
        for name, min_score in data["bands"]:
            Band.objects.create(template=template, name=name, min_score=Decimal(min_score))
        for section_order, section_data in enumerate(data["sections"], start=1):
            section = Section.objects.create(
                template=template, order=section_order, code=section_data["code"], name=section_data["name"],
                note=section_data["note"], item_label=section_data["item_label"],
                description_label=section_data["description_label"],
            )
            points = Decimal(0)
            for order, item in enumerate(section_data["items"], start=1):
                Item.objects.create(
                    template=template, section=section, order=order, name=item["name"],
                    description=item["description"], criteria=item["criteria"], max_points=Decimal(item["points"]),
                )
                points += Decimal(item["points"])
            # The document states each section's points (工作业绩（70分）…): the items must add up to it.
            if points != Decimal(section_data["points"]):
                raise ValueError(f"{data['name']} {section_data['name']}: items add up to {points}")


class Migration(migrations.Migration):
    dependencies = [("appraisal", "0001_initial"), ("staff", "0002_seed_posts")]

    operations = [migrations.RunPython(load_templates, migrations.RunPython.noop)]

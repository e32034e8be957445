"""职务 and 职称 become choice data (人员授权审批制度 八): the tables are seeded, each profile's free-text title
is matched to a seeded title (or kept as a new one), and leaders get the post their department gives them."""

from django.db import migrations


def seed_and_convert(apps, schema_editor):
    from staff import ranks

    ranks.load(apps)
    StaffProfile = apps.get_model("staff", "StaffProfile")
    ProfessionalTitle = apps.get_model("staff", "ProfessionalTitle")
    Position = apps.get_model("staff", "Position")
    Department = apps.get_model("staff", "Department")
    titles = {title.name: title for title in ProfessionalTitle.objects.all()}
    for profile in StaffProfile.objects.exclude(title=""):
        name = ranks.TITLE_ALIASES.get(profile.title.strip(), profile.title.strip())[:30]
        if name not in titles:  # a title the seeds do not know: kept, for an admin to tidy up
            titles[name] = ProfessionalTitle.objects.create(name=name, sort_order=900)
        profile.professional_title = titles[name]
        profile.save(update_fields=["professional_title"])
    head, deputy = Position.objects.filter(name="主任").first(), Position.objects.filter(name="副主任").first()
    for department in Department.objects.all():
        for user_id, position in ((department.head_id, head), (department.deputy_id, deputy)):
            if user_id and position is not None:
                StaffProfile.objects.filter(user_id=user_id, position__isnull=True).update(position=position)


class Migration(migrations.Migration):

    dependencies = [
        ("staff", "0005_positions_and_titles"),
    ]

    operations = [
        migrations.RunPython(seed_and_convert, migrations.RunPython.noop),
    ]

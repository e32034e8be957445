"""Scorecard lines proposed from any domain's records (appraisal.evidence), not from discipline only: the
incident becomes the line's evidence, and one record gives one line per source."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):

    dependencies = [
        ("appraisal", "0008_merge_score_bounds_score_step"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="adjustment", name="appraisal_one_line_an_incident"),
        migrations.RenameField(model_name="adjustment", old_name="incident_id", new_name="evidence_id"),
        migrations.RenameField(model_name="adjustment", old_name="incident_date", new_name="evidence_date"),
        migrations.AlterField(
            model_name="adjustment", name="evidence_id",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="record it comes from"),
        ),
        migrations.AlterField(
            model_name="adjustment", name="evidence_date",
            field=models.DateField(blank=True, null=True, verbose_name="date of the record"),
        ),
        migrations.AlterField(
            model_name="adjustment", name="source",
            field=models.CharField(default="reviewer", max_length=20, verbose_name="source"),
        ),
        migrations.AlterModelOptions(
            name="adjustment",
            options={"ordering": ["scorecard", "kind", "evidence_date", "pk"], "verbose_name": "bonus or deduction line",
                     "verbose_name_plural": "bonus and deduction lines"},
        ),
        migrations.AddConstraint(
            model_name="adjustment",
            constraint=models.UniqueConstraint(condition=Q(evidence_id__isnull=False),
                                               fields=("scorecard", "source", "kind", "evidence_id"),
                                               name="appraisal_one_line_a_record"),
        ),
    ]

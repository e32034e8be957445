"""职务 and 职称 as choice tables (人员授权审批制度 八) on the profile."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('staff', '0004_hiring_seed'),
    ]

    operations = [
        migrations.CreateModel(
            name='Position',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=30, unique=True, verbose_name='name')),
                ('department_role', models.CharField(blank=True, choices=[('', 'None'), ('head', 'Heads the department'), ('deputy', 'Deputy head of the department')], help_text='A roster import makes the one person of a department with this position its head (or deputy), who then approves its requests. Leave empty for positions that lead no department.', max_length=10, verbose_name='in the department')),
                ('sort_order', models.PositiveSmallIntegerField(default=100, verbose_name='sort order')),
                ('is_active', models.BooleanField(default=True, help_text='Inactive positions are kept on the profiles that have them but offered no more.', verbose_name='active')),
            ],
            options={
                'verbose_name': 'position (行政职务)',
                'verbose_name_plural': 'positions (行政职务)',
                'ordering': ['sort_order', 'name'],
            },
        ),
        migrations.CreateModel(
            name='ProfessionalTitle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=30, unique=True, verbose_name='name')),
                ('level', models.CharField(blank=True, choices=[('senior', 'Senior (正高级)'), ('associate', 'Associate senior (副高级)'), ('intermediate', 'Intermediate (中级)'), ('junior', 'Junior (初级·师)'), ('assistant', 'Assistant (初级·士)')], max_length=20, verbose_name='level')),
                ('sort_order', models.PositiveSmallIntegerField(default=100, verbose_name='sort order')),
                ('is_active', models.BooleanField(default=True, help_text='Inactive titles are kept on the profiles that have them but offered no more.', verbose_name='active')),
            ],
            options={
                'verbose_name': 'professional title (业务职称)',
                'verbose_name_plural': 'professional titles (业务职称)',
                'ordering': ['sort_order', 'name'],
            },
        ),
        migrations.AddField(
            model_name='historicalstaffprofile',
            name='position',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.position', verbose_name='position (职务)'),
        ),
        migrations.AddField(
            model_name='staffprofile',
            name='position',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='holders', to='staff.position', verbose_name='position (职务)'),
        ),
        migrations.AddField(
            model_name='historicalstaffprofile',
            name='professional_title',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.professionaltitle', verbose_name='professional title (职称)'),
        ),
        migrations.AddField(
            model_name='staffprofile',
            name='professional_title',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='holders', to='staff.professionaltitle', verbose_name='professional title (职称)'),
        ),
    ]

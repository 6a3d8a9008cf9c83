"""The annual report's records move to their own app, "reporting" (cscp/reporting/apps.py).

State only: the tables stay where they are, under their old names (the models set db_table and
their histories table_name), so a database migrated before the move keeps every row. Migration
reporting 0001 adds the models to the new app's state; this one points the partnership's sign-off
and scrutiny review at them and removes them from this app's state. The content types are
renamed too, so permissions, admin log entries and roles keep their rows.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = [
    "agencyassurance", "annualreport", "assurancestandard", "contribution", "glossaryterm",
    "impactevidence", "narrativeblock", "nextyearpriority", "partnerfunding", "pdfrender",
    "reportsection", "reportsnapshot", "reporttransition", "scrutinyactivity",
]  # fmt: skip
MOVED += [f"historical{name}" for name in MOVED]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    # A database where post_migrate already made the new app's types (it cannot have rows
    # pointing at them yet): drop those so the old ones, with their permissions, take their place.
    ContentType.objects.using(db).filter(app_label="reporting", model__in=MOVED).delete()
    ContentType.objects.using(db).filter(app_label="cscp", model__in=MOVED).update(
        app_label="reporting"
    )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="cscp", model__in=MOVED).delete()
    ContentType.objects.using(db).filter(app_label="reporting", model__in=MOVED).update(
        app_label="cscp"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("cscp", "0011_version_new_admin_models"),
        ("reporting", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='agencyassurance',
                    name='agency',
                ),
                migrations.RemoveField(
                    model_name='agencyassurance',
                    name='year',
                ),
                migrations.RemoveField(
                    model_name='assurancestandard',
                    name='assurance',
                ),
                migrations.RemoveField(
                    model_name='historicalassurancestandard',
                    name='assurance',
                ),
                migrations.RemoveField(
                    model_name='annualreport',
                    name='year',
                ),
                migrations.RemoveField(
                    model_name='pdfrender',
                    name='report',
                ),
                migrations.AlterField(
                    model_name='historicalscrutinyreview',
                    name='report',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reporting.annualreport'),
                ),
                migrations.RemoveField(
                    model_name='reportsnapshot',
                    name='report',
                ),
                migrations.AlterField(
                    model_name='reportsignoff',
                    name='report',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sign_offs', to='reporting.annualreport'),
                ),
                migrations.RemoveField(
                    model_name='historicalreportsection',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='historicalreportsnapshot',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='reporttransition',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='historicalcontribution',
                    name='report',
                ),
                migrations.AlterField(
                    model_name='scrutinyreview',
                    name='report',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='scrutiny_review', to='reporting.annualreport'),
                ),
                migrations.RemoveField(
                    model_name='historicalreporttransition',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='reportsection',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='contribution',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='historicalpdfrender',
                    name='report',
                ),
                migrations.AlterField(
                    model_name='historicalreportsignoff',
                    name='report',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reporting.annualreport'),
                ),
                migrations.RemoveField(
                    model_name='contribution',
                    name='not_received_by',
                ),
                migrations.RemoveField(
                    model_name='contribution',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='GlossaryTerm',
                ),
                migrations.RemoveField(
                    model_name='historicalagencyassurance',
                    name='agency',
                ),
                migrations.RemoveField(
                    model_name='historicalagencyassurance',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalagencyassurance',
                    name='year',
                ),
                migrations.RemoveField(
                    model_name='historicalannualreport',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalannualreport',
                    name='year',
                ),
                migrations.RemoveField(
                    model_name='historicalassurancestandard',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalcontribution',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalcontribution',
                    name='not_received_by',
                ),
                migrations.RemoveField(
                    model_name='historicalcontribution',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='historicalglossaryterm',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalimpactevidence',
                    name='agency',
                ),
                migrations.RemoveField(
                    model_name='historicalimpactevidence',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalimpactevidence',
                    name='theme',
                ),
                migrations.RemoveField(
                    model_name='historicalimpactevidence',
                    name='year',
                ),
                migrations.RemoveField(
                    model_name='historicalnarrativeblock',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalnarrativeblock',
                    name='section',
                ),
                migrations.RemoveField(
                    model_name='historicalnextyearpriority',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalnextyearpriority',
                    name='year',
                ),
                migrations.RemoveField(
                    model_name='historicalpartnerfunding',
                    name='agency',
                ),
                migrations.RemoveField(
                    model_name='historicalpartnerfunding',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalpartnerfunding',
                    name='year',
                ),
                migrations.RemoveField(
                    model_name='historicalpdfrender',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalpdfrender',
                    name='requested_by',
                ),
                migrations.RemoveField(
                    model_name='historicalpdfrender',
                    name='snapshot',
                ),
                migrations.RemoveField(
                    model_name='historicalreportsection',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalreportsnapshot',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalreportsnapshot',
                    name='published_by',
                ),
                migrations.RemoveField(
                    model_name='historicalreporttransition',
                    name='by',
                ),
                migrations.RemoveField(
                    model_name='historicalreporttransition',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalscrutinyactivity',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalscrutinyactivity',
                    name='year',
                ),
                migrations.RemoveField(
                    model_name='impactevidence',
                    name='agency',
                ),
                migrations.RemoveField(
                    model_name='impactevidence',
                    name='theme',
                ),
                migrations.RemoveField(
                    model_name='impactevidence',
                    name='year',
                ),
                migrations.RemoveField(
                    model_name='narrativeblock',
                    name='section',
                ),
                migrations.RemoveField(
                    model_name='nextyearpriority',
                    name='year',
                ),
                migrations.RemoveField(
                    model_name='partnerfunding',
                    name='agency',
                ),
                migrations.RemoveField(
                    model_name='partnerfunding',
                    name='year',
                ),
                migrations.RemoveField(
                    model_name='pdfrender',
                    name='requested_by',
                ),
                migrations.RemoveField(
                    model_name='pdfrender',
                    name='snapshot',
                ),
                migrations.RemoveField(
                    model_name='reportsnapshot',
                    name='published_by',
                ),
                migrations.RemoveField(
                    model_name='reporttransition',
                    name='by',
                ),
                migrations.RemoveField(
                    model_name='scrutinyactivity',
                    name='year',
                ),
                migrations.DeleteModel(
                    name='AssuranceStandard',
                ),
                migrations.DeleteModel(
                    name='AgencyAssurance',
                ),
                migrations.DeleteModel(
                    name='AnnualReport',
                ),
                migrations.DeleteModel(
                    name='Contribution',
                ),
                migrations.DeleteModel(
                    name='HistoricalAgencyAssurance',
                ),
                migrations.DeleteModel(
                    name='HistoricalAnnualReport',
                ),
                migrations.DeleteModel(
                    name='HistoricalAssuranceStandard',
                ),
                migrations.DeleteModel(
                    name='HistoricalContribution',
                ),
                migrations.DeleteModel(
                    name='HistoricalGlossaryTerm',
                ),
                migrations.DeleteModel(
                    name='HistoricalImpactEvidence',
                ),
                migrations.DeleteModel(
                    name='HistoricalNarrativeBlock',
                ),
                migrations.DeleteModel(
                    name='HistoricalNextYearPriority',
                ),
                migrations.DeleteModel(
                    name='HistoricalPartnerFunding',
                ),
                migrations.DeleteModel(
                    name='HistoricalPdfRender',
                ),
                migrations.DeleteModel(
                    name='HistoricalReportSection',
                ),
                migrations.DeleteModel(
                    name='HistoricalReportSnapshot',
                ),
                migrations.DeleteModel(
                    name='HistoricalReportTransition',
                ),
                migrations.DeleteModel(
                    name='HistoricalScrutinyActivity',
                ),
                migrations.DeleteModel(
                    name='ImpactEvidence',
                ),
                migrations.DeleteModel(
                    name='NarrativeBlock',
                ),
                migrations.DeleteModel(
                    name='ReportSection',
                ),
                migrations.DeleteModel(
                    name='NextYearPriority',
                ),
                migrations.DeleteModel(
                    name='PartnerFunding',
                ),
                migrations.DeleteModel(
                    name='PdfRender',
                ),
                migrations.DeleteModel(
                    name='ReportSnapshot',
                ),
                migrations.DeleteModel(
                    name='ReportTransition',
                ),
                migrations.DeleteModel(
                    name='ScrutinyActivity',
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

"""Seed the two shipped report templates (Working Together 2018, the seed's Parts 1-5; the
Working Together 2023 yearly report, default from 2024-25) and give existing reports theirs."""

from django.db import migrations

LABEL = "reporting"


def seed(apps, schema_editor):
    from cscp.reporting.structure import seed as seed_templates

    seed_templates(apps, LABEL)
    Template = apps.get_model(LABEL, "ReportTemplate")
    Report = apps.get_model(LABEL, "AnnualReport")
    for report in Report.objects.filter(template__isnull=True).select_related("year"):
        template = (
            Template.objects.filter(default_from_year__lte=report.year.start_year)
            .order_by("-default_from_year")
            .first()
        ) or Template.objects.order_by("default_from_year").first()
        report.template = template
        report.save(update_fields=["template"])


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_report_templates_wt2023")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

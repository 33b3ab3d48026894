"""Seed the talent programmes (人才计划)."""

from django.db import migrations

PROGRAMS = [
    ("国家创新人才推进计划", "national"),
    ("省青年科学家培养对象", "provincial"),
    ("省“双千计划”", "provincial"),
    ("市级学术和技术带头人", "municipal"),
]


def seed(apps, schema_editor):
    TalentProgram = apps.get_model("awards", "TalentProgram")
    for order, (name, level) in enumerate(PROGRAMS):
        TalentProgram.objects.get_or_create(name=name, defaults={"level": level, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

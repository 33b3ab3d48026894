"""Seed the outreach activity kinds (科普活动类别)."""

from django.db import migrations

KINDS = ["科普宣传", "送科技下乡", "科普进校园", "应急演练", "科普大篷车", "培训讲座", "科技咨询", "其他"]


def seed(apps, schema_editor):
    OutreachKind = apps.get_model("outreach", "OutreachKind")
    for order, name in enumerate(KINDS):
        OutreachKind.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

import bureau.fields
from django.db import migrations

from bureau.pinyin import pinyin_key


def fill_pinyin(apps, schema_editor):
    # Units entered before: their pinyin, so pickers sort and find them at once.
    Enterprise = apps.get_model("bureau", "Enterprise")
    units = list(Enterprise.objects.only("pk", "name"))
    for unit in units:
        unit.pinyin = pinyin_key(unit.name)
    Enterprise.objects.bulk_update(units, ["pinyin"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('bureau', '0011_targetindicator_measure_from_figures'),
    ]

    operations = [
        migrations.AddField(
            model_name='enterprise',
            name='pinyin',
            field=bureau.fields.PinyinField(blank=True, db_index=True, default='', editable=False, max_length=1500, verbose_name='名称拼音'),
        ),
        migrations.AddField(
            model_name='historicalenterprise',
            name='pinyin',
            field=bureau.fields.PinyinField(blank=True, db_index=True, default='', editable=False, max_length=1500, verbose_name='名称拼音'),
        ),
        migrations.RunPython(fill_pinyin, migrations.RunPython.noop),
    ]

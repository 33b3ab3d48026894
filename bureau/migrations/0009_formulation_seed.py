"""A first 提法 list; admins keep it up to date (基础数据 → 提法)."""

from django.db import migrations

FORMULATIONS = [
    # text, valid from, valid to, replacement, note
    ("党的十九大精神", 2017, 2022, "党的二十大精神", "2022年10月党的二十大召开后"),
    ("党的十九大和十九届", 2017, 2022, "", "2023年起以党的二十大精神为指导"),
    ("十九届六中全会精神", 2021, 2022, "", "2023年起以党的二十大精神为指导"),
    ("“十三五”", 2016, 2020, "“十四五”", "“十三五”规划期为2016—2020年"),
    ("精准扶贫", 2013, 2020, "", "2021年起为巩固拓展脱贫攻坚成果同乡村振兴有效衔接"),
]


def seed(apps, schema_editor):
    Formulation = apps.get_model("bureau", "Formulation")
    for text, valid_from, valid_to, replacement, note in FORMULATIONS:
        Formulation.objects.get_or_create(
            text=text,
            defaults={
                "valid_from_year": valid_from,
                "valid_to_year": valid_to,
                "replacement": replacement,
                "note": note,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("bureau", "Formulation").objects.filter(text__in=[row[0] for row in FORMULATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("bureau", "0008_formulation")]

    operations = [migrations.RunPython(seed, unseed)]

"""Seed the programs (计划类别) named in the bureau's ledgers."""

from django.db import migrations

PROGRAMS = [
    ("国家中小企业创新基金", "national"),
    ("国家火炬计划", "national"),
    ("国家重点研发计划", "national"),
    ("省科技协同创新体", "provincial"),
    ("省科技型中小企业信贷风险补偿资金贷款备选企业", "provincial"),
    ("省重点新产品计划", "provincial"),
    ("省科技厅社发类", "provincial"),
    ("省星火计划", "provincial"),
    ("技术创新引导类科技计划", "provincial"),
    ("省青年科学家培养对象计划", "provincial"),
    ("省战略性新兴产业开发研究重点备选项目", "provincial"),
    ("省级农业科技园", "provincial"),
    ("市级科技协同创新重大专项", "municipal"),
    ("市级指导性科技计划", "municipal"),
    ("县级科技计划", "county"),
]


def seed(apps, schema_editor):
    Program = apps.get_model("projects", "Program")
    for order, (name, level) in enumerate(PROGRAMS):
        Program.objects.get_or_create(name=name, defaults={"level": level, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

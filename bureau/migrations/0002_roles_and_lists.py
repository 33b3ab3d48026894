"""Create the three roles and seed the editable lists of the shared layer."""

from django.db import migrations

ROLES = ("管理员", "录入员", "领导")
INDUSTRIES = ["生物医药", "金属制造", "绿色食品", "新型纸业", "现代农业", "电子信息", "新材料", "其他"]
CERTIFICATION_KINDS = [
    # name, is_platform, is_high_tech, valid_years
    ("国家高新技术企业", False, True, 3),
    ("省级高新技术企业", False, True, 3),
    ("科技型中小企业", False, False, 1),
    ("博士后科研工作站", True, False, None),
    ("博士后创新实践基地", True, False, None),
    ("工程技术研究中心", True, False, None),
    ("重点实验室", True, False, None),
    ("企业技术中心", True, False, None),
    ("星创天地", True, False, None),
    ("众创空间", True, False, None),
]
TARGET_INDICATORS = [
    ("专利申请量", "patents_applied", "件"),
    ("专利授权量", "patents_granted", "件"),
    ("申报国家、省科技项目数", "projects_national_provincial", "个"),
    ("省级科技成果鉴定数", "appraisals_provincial", "个"),
    ("市级科技成果鉴定数", "appraisals_municipal", "个"),
    ("新认定高新技术企业数", "high_tech_certifications", "家"),
]


def seed(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    Industry = apps.get_model("bureau", "Industry")
    for order, name in enumerate(INDUSTRIES):
        Industry.objects.get_or_create(name=name, defaults={"sort_order": order * 10})
    CertificationKind = apps.get_model("bureau", "CertificationKind")
    for order, (name, platform, high_tech, years) in enumerate(CERTIFICATION_KINDS):
        CertificationKind.objects.get_or_create(
            name=name,
            defaults={"sort_order": order * 10, "is_platform": platform, "is_high_tech": high_tech, "valid_years": years},
        )
    TargetIndicator = apps.get_model("bureau", "TargetIndicator")
    for order, (name, measure, unit) in enumerate(TARGET_INDICATORS):
        TargetIndicator.objects.get_or_create(name=name, defaults={"sort_order": order * 10, "measure": measure, "unit": unit})
    BureauProfile = apps.get_model("bureau", "BureauProfile")
    BureauProfile.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("bureau", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""Record types of the shared layer, registered once."""

from .models import (
    AnnualTarget,
    BureauProfile,
    Certification,
    CertificationKind,
    Enterprise,
    Industry,
    IndustryStatistics,
    TargetIndicator,
)
from .registry import registry

registry.register(
    Enterprise,
    search_fields=("name", "short_name", "credit_code", "township"),
    picker_fields=("name", "short_name", "credit_code", "pinyin"),
    picker_order=("pinyin", "name"),
    label_field="name",
    add_from_picker=True,
    related=(
        "certifications",
        "projects",
        "patents",
        "awards",
        "appraisals",
        "talents",
        "partnerships",
        "partnerships_as_partner",
        "events",
        "honours",
    ),
)
registry.register(Certification, search_fields=("enterprise__name", "certificate_number", "kind__name"))
registry.register(IndustryStatistics, search_fields=("period",), group="统计与目标")
registry.register(AnnualTarget, search_fields=("indicator__name", "note"), group="统计与目标")
registry.register(
    BureauProfile, search_fields=("name",), is_list=True, singleton=True, singleton_pk=BureauProfile.ROW_ID
)
registry.register(Industry, search_fields=("name",), is_list=True, related=("enterprises", "events"))
registry.register(CertificationKind, search_fields=("name",), is_list=True)
registry.register(TargetIndicator, search_fields=("name",), is_list=True)

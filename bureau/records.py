"""Record types of the shared layer, registered once."""

from .models import (
    AnnualTarget,
    BureauProfile,
    Certification,
    CertificationKind,
    Enterprise,
    Formulation,
    Industry,
    IndustryStatistics,
    TargetIndicator,
)
from .proofread.names import register_names_provider
from .registry import registry

registry.register(
    Enterprise,
    search_fields=("name", "short_name", "credit_code", "township"),
    picker_fields=("name", "short_name", "credit_code", "pinyin"),
    picker_order=("pinyin", "name"),
    label_field="name",
    add_from_picker=True,
    # The other apps add their records' lists (`registry.add_related` in their records.py).
    related=("certifications",),
)
registry.register(Certification, search_fields=("enterprise__name", "certificate_number", "kind__name"))
registry.register(IndustryStatistics, search_fields=("period",), group="统计与目标")
registry.register(AnnualTarget, search_fields=("indicator__name", "note"), group="统计与目标")
registry.register(
    BureauProfile, search_fields=("name",), is_list=True, singleton=True, singleton_pk=BureauProfile.ROW_ID
)
registry.register(Industry, search_fields=("name",), is_list=True, related=("enterprises",))
registry.register(CertificationKind, search_fields=("name",), is_list=True)
registry.register(TargetIndicator, search_fields=("name",), is_list=True)
registry.register(Formulation, search_fields=("text", "replacement", "note"), is_list=True)


@register_names_provider
def unit_names():
    """Units by full and short name, and the bureau's own names, for the proofreader."""
    for name, short_name in Enterprise.objects.values_list("name", "short_name"):
        yield name
        yield short_name
    profile = BureauProfile.current()
    yield from (profile.name, profile.short_name)

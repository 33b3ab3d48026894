"""Import/export resources of the shared layer's record types (business keys, not database ids)."""

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
from .resources_base import LedgerResource


def enterprise_credit_code(enterprise: Enterprise) -> str:
    return enterprise.credit_code or ""


class EnterpriseResource(LedgerResource):
    # A row whose name is new but whose credit code is known renames that unit.
    alternate_keys = ("credit_code",)
    # Other sheets name a unit by its (unique) name; its credit code is accepted as well.
    reference_aliases = (enterprise_credit_code,)

    class Meta(LedgerResource.Meta):
        model = Enterprise
        import_id_fields = ("name",)
        fields = ("name", "short_name", "credit_code", "kind", "industry", "township", "above_scale", "note")


class CertificationResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = Certification
        import_id_fields = ("enterprise", "kind", "year")
        fields = (
            "enterprise",
            "kind",
            "level",
            "certificate_number",
            "year",
            "granted_on",
            "valid_until",
            "reward",
            "note",
        )


class IndustryStatisticsResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = IndustryStatistics
        import_id_fields = ("year", "period")
        exclude = ("id", "version", "created_at", "updated_at")


class AnnualTargetResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = AnnualTarget
        import_id_fields = ("year", "indicator")
        fields = ("year", "indicator", "target_value", "at_least", "note")


class BureauProfileResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = BureauProfile
        fields = ("id", "province", "city", "county", "name", "short_name")


class IndustryResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = Industry
        import_id_fields = ("name",)
        fields = ("name", "sort_order", "is_active")


class CertificationKindResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = CertificationKind
        import_id_fields = ("name",)
        fields = (
            "name",
            "is_platform",
            "is_high_tech",
            "valid_years",
            "income_tax_rate",
            "rd_deduction_percent",
            "sort_order",
            "is_active",
        )


class TargetIndicatorResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = TargetIndicator
        import_id_fields = ("name",)
        fields = ("name", "measure", "unit", "sort_order", "is_active")


class FormulationResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = Formulation
        import_id_fields = ("text",)
        fields = ("text", "valid_from_year", "valid_to_year", "replacement", "note", "is_active")

"""Forms of the shared layer's record types."""

from bureau.models import (
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

from .base import LedgerForm


class EnterpriseForm(LedgerForm):
    class Meta:
        model = Enterprise
        fields = ["name", "short_name", "credit_code", "kind", "industry", "township", "above_scale", "note"]


class CertificationForm(LedgerForm):
    class Meta:
        model = Certification
        fields = [
            "enterprise",
            "kind",
            "level",
            "certificate_number",
            "year",
            "granted_on",
            "valid_until",
            "reward",
            "note",
        ]


class IndustryStatisticsForm(LedgerForm):
    class Meta:
        model = IndustryStatistics
        fields = [
            "year",
            "period",
            "above_scale_enterprises",
            "above_scale_high_tech",
            "rd_active_enterprises",
            "high_tech_value_added",
            "industrial_value_added",
            "fiscal_rd_input",
            "enterprise_rd_input",
            "note",
        ]


class AnnualTargetForm(LedgerForm):
    class Meta:
        model = AnnualTarget
        fields = ["year", "indicator", "target_value", "at_least", "note"]


class BureauProfileForm(LedgerForm):
    class Meta:
        model = BureauProfile
        fields = ["province", "city", "county", "name", "short_name"]


class IndustryForm(LedgerForm):
    class Meta:
        model = Industry
        fields = ["name", "sort_order", "is_active"]


class CertificationKindForm(LedgerForm):
    class Meta:
        model = CertificationKind
        fields = [
            "name",
            "is_platform",
            "is_high_tech",
            "valid_years",
            "income_tax_rate",
            "rd_deduction_percent",
            "sort_order",
            "is_active",
        ]


class TargetIndicatorForm(LedgerForm):
    class Meta:
        model = TargetIndicator
        fields = ["name", "measure", "unit", "sort_order", "is_active"]


class FormulationForm(LedgerForm):
    class Meta:
        model = Formulation
        fields = ["text", "valid_from_year", "valid_to_year", "replacement", "note", "is_active"]

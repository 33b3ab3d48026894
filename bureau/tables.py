"""Tables of the shared layer's record types."""

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
from .tables_base import LedgerTable


class EnterpriseTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = Enterprise
        fields = ["name", "short_name", "kind", "industry", "township", "above_scale", "credit_code"]


class CertificationTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = Certification
        fields = ["enterprise", "kind", "level", "year", "granted_on", "valid_until", "reward"]


class IndustryStatisticsTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = IndustryStatistics
        fields = [
            "year",
            "period",
            "above_scale_enterprises",
            "above_scale_high_tech",
            "rd_active_enterprises",
            "high_tech_value_added",
            "industrial_value_added",
        ]


class AnnualTargetTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = AnnualTarget
        fields = ["indicator", "year", "target_value", "at_least", "note"]


class BureauProfileTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = BureauProfile
        fields = ["name", "short_name", "county", "city", "province"]


class IndustryTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = Industry
        fields = ["name", "sort_order", "is_active"]


class CertificationKindTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = CertificationKind
        fields = ["name", "is_platform", "is_high_tech", "valid_years", "sort_order", "is_active"]


class TargetIndicatorTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = TargetIndicator
        fields = ["name", "measure", "unit", "sort_order", "is_active"]


class FormulationTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = Formulation
        fields = ["text", "valid_from_year", "valid_to_year", "replacement", "is_active"]

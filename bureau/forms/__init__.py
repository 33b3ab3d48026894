"""Forms of the shared layer's record types, and the base form of every record type."""

from .base import LedgerForm
from .records import (
    AnnualTargetForm,
    BureauProfileForm,
    CertificationForm,
    CertificationKindForm,
    EnterpriseForm,
    FormulationForm,
    IndustryForm,
    IndustryStatisticsForm,
    TargetIndicatorForm,
)

__all__ = [
    "AnnualTargetForm",
    "BureauProfileForm",
    "CertificationForm",
    "CertificationKindForm",
    "EnterpriseForm",
    "FormulationForm",
    "IndustryForm",
    "IndustryStatisticsForm",
    "LedgerForm",
    "TargetIndicatorForm",
]

"""Models of the shared layer: the bureau, units, certifications, statistics, targets, attachments, deletions, logs."""

from .accounts import AccountSecurity, PasswordHistory
from .attachments import Attachment
from .base import LEVEL_CHOICES, EditableList, LedgerRecord
from .deletion import DeletionBatch, DeletionBatchEntry
from .oplog import ImportBatch, UserAction
from .organisation import BureauProfile, Certification, CertificationKind, Enterprise, Industry
from .proofread import Formulation
from .report import DismissedFinding, Report, ReportIssue, ReportSection
from .statistics import AnnualTarget, IndustryStatistics, TargetIndicator

__all__ = [
    "LEVEL_CHOICES",
    "AccountSecurity",
    "AnnualTarget",
    "Attachment",
    "BureauProfile",
    "Certification",
    "CertificationKind",
    "DeletionBatch",
    "DeletionBatchEntry",
    "DismissedFinding",
    "EditableList",
    "Enterprise",
    "Formulation",
    "ImportBatch",
    "Industry",
    "IndustryStatistics",
    "LedgerRecord",
    "PasswordHistory",
    "Report",
    "ReportIssue",
    "ReportSection",
    "TargetIndicator",
    "UserAction",
]

"""校对: an offline proofreader for the bureau's documents that knows the ledger's own names.

`proofread(text, year=…, names=…)` runs six checks (confusable words, GB/T 15834 punctuation, GB/T 15835 numbers,
repetition, names against the ledger, outdated 提法) and returns their findings in text order. It knows no record
type: the record apps register the ledger's names through `bureau.proofread.names.register_names_provider`.
"""

from .engine import proofread
from .findings import CHECKS, Finding

__all__ = ["CHECKS", "Finding", "proofread"]

"""Excel import and export of every record type and of the whole ledger."""

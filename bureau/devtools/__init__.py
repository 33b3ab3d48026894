"""Development tools: the benchmark, synthetic data and the demo ledger loader, with their commands.

No production module imports this package (an import-linter contract in pyproject.toml); only its own
management commands and the tests do.
"""

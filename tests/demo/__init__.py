"""Tests of the 2023 demo ledger transcribed from the seed document."""

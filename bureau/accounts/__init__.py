"""Accounts: the password rules a government network requires (等保 2.0), beside Django's auth."""

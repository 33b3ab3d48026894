"""The leaders' dashboard: the year at a glance, against last year and against the targets."""

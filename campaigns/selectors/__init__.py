"""Reads for campaigns that are used twice or need care with queries, one module per area."""

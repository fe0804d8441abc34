"""Reads of the voting app that are used twice or need care with queries, one module per area."""

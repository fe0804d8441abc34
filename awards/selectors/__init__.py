"""Reads for awards, one module per area: history, nominations, decisions."""

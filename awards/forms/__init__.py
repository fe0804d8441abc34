"""Forms for awards, one module per area."""

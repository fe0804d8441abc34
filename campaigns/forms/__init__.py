"""Forms for campaigns, one module per area."""

"""Portal views for campaigns, one module per area."""

"""Portal views for awards, one module per area."""

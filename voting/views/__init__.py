"""Portal views for voting, one module per area."""

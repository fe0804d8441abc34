"""Management commands of campaigns, one module per command."""

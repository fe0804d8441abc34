"""Management commands of campaigns."""

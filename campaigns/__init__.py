"""Movements, registrations, covenants and their score tables, the year-end evaluation."""

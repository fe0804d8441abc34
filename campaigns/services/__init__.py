"""Writes for campaigns, one module per area: registrations, movements, covenants, evaluation, notifications.
Import from the module: `from campaigns.services.registrations import sheet_submit`."""

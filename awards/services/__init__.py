"""Writes for awards, one module per area: rules, history, nominations, decisions.
Import from the module: `from awards.services.nominations import nomination_submit`."""

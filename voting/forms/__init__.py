"""Forms of the voting portal, one module per area."""

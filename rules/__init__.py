"""Rules: one module per rule, discovered by the engine."""

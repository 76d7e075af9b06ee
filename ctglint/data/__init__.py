"""Package data: the commune list and other generated tables."""

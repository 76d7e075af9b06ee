"""ctglint: compliance linter and diff checker for Conventions territoriales globales (CTG)."""

__version__ = "0.1.0"

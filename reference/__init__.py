"""Reference templates shipped with ctglint, as data (see README.md in this folder)."""

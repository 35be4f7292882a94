"""The benchmark behind manage.py bench."""

#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Set the project up first: python3 -m newsroom.bootstrap run"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

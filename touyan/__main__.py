"""The ``touyan`` console script: Django's management commands under the product's name.

Command names may be written with hyphens (``touyan import-roster``) or, as Django names them,
with underscores (``touyan import_roster``).
"""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["allocate"]:
        # Pure computation on files: no settings, no database, no Django start-up.
        from touyan.allocation.cli import main as allocate

        sys.exit(allocate(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "touyan.settings")
    from django.core.management import execute_from_command_line

    argv = ["touyan", *sys.argv[1:]]
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()

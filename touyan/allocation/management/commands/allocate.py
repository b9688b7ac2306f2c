from django.core.management.base import BaseCommand, CommandError

from touyan.allocation.cli import HELP, INPUT_HELP, OUTPUT_HELP, AllocateError, allocate_file


class Command(BaseCommand):
    """The same as the console script's Django-free ``touyan allocate`` (``allocation/cli.py``),
    for ``call_command``."""

    help = HELP
    requires_system_checks: list[str] = []  # reads and writes files only; no database

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help=INPUT_HELP)
        parser.add_argument("--output", required=True, help=OUTPUT_HELP)

    def handle(self, *args, input: str, output: str, **options):
        try:
            self.stdout.write(allocate_file(input=input, output=output))
        except AllocateError as error:
            raise CommandError(str(error), returncode=error.returncode) from None

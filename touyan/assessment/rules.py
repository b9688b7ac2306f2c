"""Who may do what in assessment rounds. Each section belongs to one audience."""

import rules  # noqa: F401

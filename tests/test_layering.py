"""`core` imports no domain: domains reach it through its registry, never the other way round.
Every import counts, also one inside a function or under ``TYPE_CHECKING``."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "touyan" / "core"

# The audit trail is not a domain: core's own write pipelines (imports, workflow moves) record
# to it in their transaction, like every service. The task queue (jobs) is not one either: the
# import pipeline hands large confirmations to it. They are the other apps core may import.
BESIDE_CORE = {"core", "audit", "jobs"}


def core_modules() -> list[Path]:
    return sorted(p for p in CORE.rglob("*.py") if "migrations" not in p.relative_to(CORE).parts)


def package_of(path: Path) -> str:
    """The package a relative import in ``path`` starts from."""
    parts = ["touyan", "core", *path.relative_to(CORE).with_suffix("").parts]
    return ".".join(parts[:-1])


def is_domain(name: str) -> bool:
    parts = name.split(".")
    return parts[0] == "touyan" and len(parts) > 1 and parts[1] not in BESIDE_CORE


def imported_names(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, absolute, with its line: ``from a import b`` names ``a``,
    or ``a.b`` when ``a`` is not a domain (``b`` may be one); ``import_module`` with a literal
    counts too."""
    package = package_of(path)
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if is_domain(base):
                names.append((node.lineno, base))
            else:
                names += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else None
            called = node.func.id if isinstance(node.func, ast.Name) else called
            if called in {"import_module", "__import__"} and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    names.append((node.lineno, first.value))
    return names


def domain_imports(path: Path) -> list[str]:
    where = path.relative_to(CORE)
    return [
        f"{where}:{line} imports {name}" for line, name in imported_names(path) if is_domain(name)
    ]


def test_core_imports_no_other_app():
    problems = []
    for path in core_modules():
        problems += domain_imports(path)
    assert not problems, "\n".join(problems)


def test_the_check_sees_every_kind_of_import(tmp_path, monkeypatch):
    core = tmp_path / "touyan" / "core"
    (core / "views").mkdir(parents=True)
    (core / "migrations").mkdir()
    (core / "views" / "__init__.py").write_text(
        "from ...people import models\nfrom ..text import join_list\n"
    )
    (core / "lazy.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from touyan.accounts.models import User\n"
        "def f():\n    import touyan.selection.models\n"
        "    from touyan import records\n"
        "    from . import text\n"
        "    from .. import regions\n"
        "    return importlib.import_module('touyan.policies.services')\n"
    )
    (core / "migrations" / "0001_initial.py").write_text("from touyan.regions import codes\n")
    monkeypatch.setattr(f"{__name__}.CORE", core)
    found = [problem for path in core_modules() for problem in domain_imports(path)]
    assert sorted(problem.split(" imports ")[1] for problem in found) == [
        "touyan.accounts.models",
        "touyan.people",
        "touyan.policies.services",
        "touyan.records",
        "touyan.regions",
        "touyan.selection.models",
    ]

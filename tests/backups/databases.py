"""Fresh target databases for restore tests: a new SQLite file, or a new PostgreSQL database
beside the test database (in the PostgreSQL pass), reachable through an extra alias."""

from __future__ import annotations

import urllib.parse
from contextlib import contextmanager

import dj_database_url
import psycopg
from django.db import connection, connections
from django.db.utils import load_backend


def _server_url(name: str) -> str:
    s = connection.settings_dict
    user = urllib.parse.quote(s["USER"] or "")
    password = f":{urllib.parse.quote(s['PASSWORD'])}" if s["PASSWORD"] else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _admin(statement: str) -> None:
    with psycopg.connect(_server_url("postgres"), autocommit=True) as admin:
        admin.execute(statement)


@contextmanager
def fresh_database(tmp_path, alias: str = "target"):
    """Yields (alias, DATABASE_URL) of a new, empty database of the test database's kind."""
    if connection.vendor == "postgresql":
        name = f"{connection.settings_dict['NAME']}_{alias}"[:63]
        _admin(f'DROP DATABASE IF EXISTS "{name}"')
        _admin(f'CREATE DATABASE "{name}"')
        url = _server_url(name)
    else:
        name = None
        url = f"sqlite:///{tmp_path / f'{alias}.sqlite3'}"
    # Not in connections.settings: Django's test case lets such a made-up alias through.
    config = connections.configure_settings({"default": dj_database_url.parse(url)})["default"]
    connections[alias] = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias)
    try:
        yield alias, url
    finally:
        connections[alias].close()
        del connections[alias]
        if name:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def table_names(alias: str) -> list[str]:
    return connections[alias].introspection.table_names()

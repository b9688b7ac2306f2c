"""Which tables an archive holds, and reading their rows as stored.

The models are those of the database's migration state (the historical models the migration
loader renders), not the code's: an archive of an older version is read and written with the
shape its tables had. Every concrete, managed model is included, Django's and the libraries'
too (users, sessions, content types, permissions, login attempts, queued jobs). Left out: the
cache table (disposable, not a model) and ``django_migrations`` (the manifest names the applied
migrations; the restore applies them)."""

from itertools import chain

from django.db.migrations.loader import MigrationLoader
from django.db.models.sql.constants import MULTI

from .values import is_raw

# Tables `migrate` fills by itself: content types and permissions (after every migrate) and the
# reference data that data migrations load (the division tree, the holiday years). A database
# with rows only in these is still empty; a restore replaces their rows with the archive's.
FILLED_BY_MIGRATE = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "regions.region",
        "holidays.holidayyear",
        "holidays.specialday",
    }
)

ROWS_PER_FETCH = 2000


def latest_nodes(loader: MigrationLoader, applied) -> list[tuple[str, str]]:
    """The last migration of each app among ``applied``: the targets that reproduce it."""
    by_app: dict[str, list] = {}
    for node in applied:
        by_app.setdefault(node[0], []).append(node)
    return [
        max(nodes, key=lambda n: len(loader.graph.forwards_plan(n))) for nodes in by_app.values()
    ]


def models_at(loader: MigrationLoader, applied) -> list:
    """The historical models of the state ``applied`` leaves, by label, sorted."""
    state = loader.project_state(latest_nodes(loader, applied), at_end=True)
    models = [
        m
        for m in state.apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]
    return sorted(models, key=lambda m: m._meta.label_lower)


def columns(model) -> list:
    return list(model._meta.concrete_fields)


def stored_rows(model, connection):
    """Every row of ``model``'s table in primary-key order, as lists of Python values, fetched
    in chunks (a server-side cursor on PostgreSQL). The database's own converters apply (times,
    decimals, JSON); the fields' decryption does not."""
    fields = columns(model)
    query = (
        model._base_manager.db_manager(connection.alias)
        .order_by(model._meta.pk.attname)
        .values_list(*[f.attname for f in fields])
    )
    compiler = query.query.get_compiler(connection=connection)
    results = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=ROWS_PER_FETCH)
    selected = [column[0] for column in compiler.select[: compiler.col_count]]
    converters = {}
    for position, (functions, expression) in compiler.get_converters(selected).items():
        field = expression.output_field
        if is_raw(field):
            functions = [f for f in functions if f != field.from_db_value]
        if functions:
            converters[position] = (functions, expression)
    return compiler.apply_converters(chain.from_iterable(results), converters)

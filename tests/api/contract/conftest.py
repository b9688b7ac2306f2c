"""The contract run takes minutes: it runs only when asked for by its marker
(``pytest -m api_contract tests/api/contract``, once in .ci/run), never in the ordinary suite."""


def pytest_collection_modifyitems(config, items):
    if "api_contract" in (config.option.markexpr or ""):
        return
    contract = [item for item in items if item.get_closest_marker("api_contract")]
    if contract:
        config.hook.pytest_deselected(items=contract)
        items[:] = [item for item in items if not item.get_closest_marker("api_contract")]

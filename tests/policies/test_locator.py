"""The locator finds the line of every key path the way TOML nests it."""

import tomllib

from touyan.policies.locator import Locator

TEXT = '''\
title = "x"  # a comment with [brackets] and = signs
owner.name = "张三"
owner."full name" = 'literal'
notes = """
[[rules]]
not a table: "quoted" \\""" still inside
"""

[calendar]
cycle = { length = 3, unit = "years" }
spans = [
  { from = "07-15", to = "08-31" },  # summer
  { from = "01-20", to = "02-20" }
  ,
  "three",
]

[[rules]]
id = "a"
types = ["x", "y"]

[[rules]]
id = "b"   # second rule

[[rules.checks]]
at = 1

[[rules.checks]]
at = 2

[rules.meta]
note = 'c'

[[rules]]
id = "c"
[[rules.checks]]
at = 3

["quoted table"]
"key.with.dots" = 1
a.b.c = 2
'''


def line(path):
    return Locator(TEXT).line_of(path)


def test_the_text_is_valid_toml():
    data = tomllib.loads(TEXT)
    assert data["rules"][1]["checks"][1]["at"] == 2


def test_top_level_and_dotted_keys():
    assert line(("title",)) == 1
    assert line(("owner",)) == 2
    assert line(("owner", "name")) == 2
    assert line(("owner", "full name")) == 3


def test_multi_line_strings_hide_what_looks_like_tables():
    assert line(("notes",)) == 4
    assert line(("rules", 0, "id")) == 19


def test_inline_tables_and_multi_line_arrays():
    assert line(("calendar",)) == 9
    assert line(("calendar", "cycle", "unit")) == 10
    assert line(("calendar", "spans", 0, "to")) == 12
    assert line(("calendar", "spans", 1)) == 13
    assert line(("calendar", "spans", 1, "to")) == 13
    assert line(("calendar", "spans", 2)) == 15


def test_arrays_of_tables_count_their_entries():
    assert line(("rules", 0)) == 18
    assert line(("rules", 0, "types", 1)) == 20
    assert line(("rules", 1)) == 22
    assert line(("rules", 1, "id")) == 23
    assert line(("rules", 2, "id")) == 35


def test_nested_arrays_of_tables_restart_per_parent_entry():
    assert line(("rules", 1, "checks", 0, "at")) == 26
    assert line(("rules", 1, "checks", 1, "at")) == 29
    assert line(("rules", 1, "meta", "note")) == 32
    assert line(("rules", 2, "checks", 0)) == 36
    assert line(("rules", 2, "checks", 0, "at")) == 37


def test_quoted_keys():
    assert line(("quoted table", "key.with.dots")) == 40
    assert line(("quoted table", "a", "b", "c")) == 41


def test_a_missing_key_falls_back_to_its_table():
    assert line(("rules", 1, "period")) == 22
    assert line(("calendar", "semesters")) == 9
    assert line(("nowhere", "at all")) is None


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key), value
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index))


def test_every_key_of_the_presets_is_found_on_a_line_that_writes_it():
    from .helpers import HAINAN, HANGZHOU

    for text in (HAINAN, HANGZHOU):
        locator, lines = Locator(text), text.splitlines()
        for path, _value in _leaves(tomllib.loads(text)):
            assert path in locator.lines, path
            written = lines[locator.lines[path] - 1]
            assert str(path[-1]) in written, (path, written)

"""Where in a TOML text a key path is written: ``("rules", 3, "period")`` → line 57.

A small scanner that walks the document the way TOML nests it — ``[tables]``, ``[[arrays of
tables]]`` (counting their entries, nested ones per parent entry), dotted keys, inline tables and
(multi-line) arrays, strings of all four kinds and comments — and records the line of every key
and array element. It runs only on text that ``tomllib`` has already accepted, so it need not
report syntax errors itself.
"""

from __future__ import annotations

import bisect
import tomllib
from collections.abc import Sequence

Path = tuple[str | int, ...]
_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class Locator:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.lines: dict[Path, int] = {}
        self._line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self._array_index: dict[Path, int] = {}
        self._scan()

    # the public question ------------------------------------------------------------------

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of ``path``, or of its nearest written ancestor (a missing key is reported
        at the table that should hold it); None when not even the top-level key is written."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    # scanning ------------------------------------------------------------------------------

    def _line(self, pos: int | None = None) -> int:
        return bisect.bisect_right(self._line_starts, self.pos if pos is None else pos)

    def _peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def _skip_blank(self, *, newlines: bool) -> None:
        """Spaces, tabs and comments; also newlines when inside brackets."""
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self.pos += 1
            elif ch == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return

    def _record(self, path: Path, line: int) -> None:
        self.lines.setdefault(path, line)

    def _scan(self) -> None:
        current: Path = ()
        while True:
            self._skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return
            line = self._line()
            if self._peek(2) == "[[":
                self.pos += 2
                keys = self._key()
                self._skip_blank(newlines=False)
                self.pos += 2  # ]]
                parent = self._resolve(keys[:-1], line)
                array = (*parent, keys[-1])
                index = self._array_index.get(array, -1) + 1
                self._array_index[array] = index
                self._record(array, line)
                current = (*array, index)
                self._record(current, line)
            elif self._peek() == "[":
                self.pos += 1
                keys = self._key()
                self._skip_blank(newlines=False)
                self.pos += 1  # ]
                current = self._resolve(keys, line)
                self.lines[current] = line  # an explicit header wins over an implicit parent
            else:
                self._key_value(current)
            self._skip_blank(newlines=False)

    def _resolve(self, keys: list[str], line: int) -> Path:
        """The absolute path of a header's keys: entering an array of tables means entering
        its latest entry."""
        path: Path = ()
        for key in keys:
            path = (*path, key)
            self._record(path, line)
            if path in self._array_index:
                path = (*path, self._array_index[path])
        return path

    def _key_value(self, table: Path) -> None:
        line = self._line()
        keys = self._key()
        path = table
        for key in keys:
            path = (*path, key)
            self._record(path, line)
        self._skip_blank(newlines=False)
        self.pos += 1  # =
        self._skip_blank(newlines=False)
        self._value(path)

    def _key(self) -> list[str]:
        keys = []
        while True:
            self._skip_blank(newlines=False)
            ch = self._peek()
            if ch in "\"'":
                start = self.pos
                self._string()
                keys.append(tomllib.loads("k = " + self.text[start : self.pos])["k"])
            else:
                start = self.pos
                while self.pos < len(self.text) and self.text[self.pos] in _BARE:
                    self.pos += 1
                keys.append(self.text[start : self.pos])
            self._skip_blank(newlines=False)
            if self._peek() != ".":
                return keys
            self.pos += 1

    def _value(self, path: Path) -> None:
        ch = self._peek()
        if ch == "[":
            self.pos += 1
            index = 0
            while True:
                self._skip_blank(newlines=True)
                if self._peek() == "]":
                    self.pos += 1
                    return
                self._record((*path, index), self._line())
                self._value((*path, index))
                index += 1
                self._skip_blank(newlines=True)
                if self._peek() == ",":
                    self.pos += 1
        elif ch == "{":
            self.pos += 1
            while True:
                self._skip_blank(newlines=True)
                if self._peek() == "}":
                    self.pos += 1
                    return
                self._key_value(path)
                self._skip_blank(newlines=True)
                if self._peek() == ",":
                    self.pos += 1
        elif ch in "\"'":
            self._string()
        else:  # numbers, booleans, dates: up to the next delimiter
            text = self.text
            while self.pos < len(text) and text[self.pos] not in ",]}\n#":
                self.pos += 1

    def _string(self) -> None:
        text, quote = self.text, self.text[self.pos]
        if self._peek(3) == quote * 3:
            end = self.pos + 3
            while True:
                end = text.find(quote * 3, end)
                if end < 0:
                    self.pos = len(text)
                    return
                if quote == '"' and _escaped(text, end):
                    end += 1
                    continue
                # up to two quotes may close the content right before the delimiter
                while text[end + 3 : end + 4] == quote:
                    end += 1
                self.pos = end + 3
                return
        self.pos += 1
        while self.pos < len(text):
            ch = text[self.pos]
            if ch == "\\" and quote == '"':
                self.pos += 2
                continue
            self.pos += 1
            if ch == quote:
                return


def _escaped(text: str, pos: int) -> bool:
    """Whether the character at ``pos`` is escaped by an odd run of backslashes."""
    count = 0
    while pos - count - 1 >= 0 and text[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1

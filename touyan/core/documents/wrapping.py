"""Breaking Chinese text into lines of a given width.

Any ideograph may end a line, except that closing punctuation never starts one and opening
punctuation never ends one (the usual 避头尾 rules); a run of Latin letters, digits and ASCII signs
(a phone number, an application number, a file name) stays whole unless it is wider than the line.
"""

import re
import unicodedata
from collections import deque

from .drawing import MM_PER_PT, Metrics

# The mark Chinese typesetting uses for a character the type case lacks.
MISSING = "〓"

NO_LINE_START = frozenset("，。、；：？！）》」』】〕〗〉…—～·％‰,.;:?!)]}%”’")
NO_LINE_END = frozenset("（《「『【〔〖〈([{“‘")

_TOKENS = re.compile(r"[!-~]+| +|.")

Wrapped = list[tuple[float, str]]  # (indent in mm, text) per line


def clean(text: str, metrics: Metrics) -> str:
    """Line breaks made uniform, control and invisible format characters dropped, characters
    without a glyph marked."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    missing = MISSING if metrics.covers(MISSING) else "?"
    replaced = {}
    for char in set(text) - {"\n"}:
        if unicodedata.category(char) in ("Cc", "Cf"):
            replaced[ord(char)] = ""
        elif not metrics.covers(char):
            replaced[ord(char)] = missing
    return text.translate(replaced) if replaced else text


def width(text: str, size: float, metrics: Metrics) -> float:
    return sum(metrics.em(char) for char in text) * size * MM_PER_PT


def wrap(text: str, line_width: float, size: float, metrics: Metrics, indent: float = 0) -> Wrapped:
    """The lines of an already cleaned text; each paragraph's first line indented by ``indent``."""
    lines: Wrapped = []
    for paragraph in text.strip("\n").split("\n"):
        lines.extend(_wrap_paragraph(paragraph, line_width, size, metrics, indent))
    return lines or [(0, "")]


def _wrap_paragraph(paragraph, line_width, size, metrics, indent) -> Wrapped:
    widths: dict[str, float] = {}

    def measure(token: str) -> float:
        known = widths.get(token)
        if known is None:
            known = widths[token] = width(token, size, metrics)
        return known

    lines: Wrapped = []
    tokens = deque(
        " " if token[0] == " " else token for token in _TOKENS.findall(paragraph.strip())
    )
    current: list[str] = []
    used = 0.0
    room = line_width - indent
    while tokens:
        token = tokens.popleft()
        if token == " " and not current:
            continue
        token_width = measure(token)
        if used + token_width <= room + 1e-6:
            current.append(token)
            used += token_width
            continue
        if token == " ":
            lines.append(_line(current, indent if not lines else 0))
            current, used, room = [], 0.0, line_width
            continue
        if token_width > line_width and len(token) > 1:
            tokens.extendleft(reversed(token))
            continue
        carried = _carried(current, token)
        if carried and sum(map(measure, carried)) + token_width > line_width:
            current.extend(carried)
            carried = []
        lines.append(_line(current, indent if not lines else 0))
        current = [*carried, token]
        used = sum(map(measure, current))
        room = line_width
    lines.append(_line(current, indent if not lines else 0))
    return lines


def _carried(current: list[str], token: str) -> list[str]:
    """The tokens that move down with ``token`` so that no line starts or ends wrongly."""
    carried: list[str] = []
    if token[0] in NO_LINE_START and len(current) > 1:
        carried.insert(0, current.pop())
    while len(current) > 1 and current[-1][-1] in NO_LINE_END:
        carried.insert(0, current.pop())
    return carried


def _line(tokens: list[str], indent: float) -> tuple[float, str]:
    return indent, "".join(tokens).rstrip(" ")

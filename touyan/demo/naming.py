"""Helpers for making up school names that look like real ones and never repeat."""

import random
from collections.abc import Iterable

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–99 in Chinese numerals, as in 第十四中学."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def stem(place: str) -> str:
    """A town's name without its 镇 / 乡 suffix: 长坡镇 → 长坡."""
    return place[:-1] if len(place) > 2 and place[-1] in "镇乡" else place


class NameBook:
    """The school names a builder has used. Names that differ only by a 市 (海口实验中学 /
    海口市实验中学) count as the same name."""

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._ordinals: dict[str, int] = {}

    @staticmethod
    def _canonical(name: str) -> str:
        return name.replace("市", "")

    def claim(self, name: str) -> bool:
        key = self._canonical(name)
        if key in self._taken:
            return False
        self._taken.add(key)
        return True

    def first_free(self, candidates: Iterable[str]) -> str | None:
        return next((name for name in candidates if self.claim(name)), None)

    def next_ordinal(self, pattern: str, start: int = 2) -> str:
        """The next free ``pattern.format(n=...)`` with n in Chinese numerals: 琼海市第三中学."""
        n = self._ordinals.get(pattern, start)
        while True:
            name = pattern.format(n=chinese_number(n))
            n += 1
            if self.claim(name):
                self._ordinals[pattern] = n
                return name


def shuffled(rng: random.Random, items: Iterable[str]) -> list[str]:
    result = list(items)
    rng.shuffle(result)
    return result

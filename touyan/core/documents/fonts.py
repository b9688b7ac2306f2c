"""Which CJK font file the PDF documents embed.

``TOUYAN_PDF_FONT`` (a Django setting, else the environment variable) names the font:

- unset: the first simplified-Chinese font found in the usual places of Linux, Windows and macOS,
  then whatever fontconfig offers for ``zh-cn``;
- a path, optionally ``path#n`` for face ``n`` of a ``.ttc``/``.otc`` collection: that font; when
  it is missing or has no Chinese, a warning is logged and the search above is used instead;
- empty: no font file at all. The documents then name the standard font STSong-Light and rely on
  the reader's own 宋体 (see ``standard_writer.py``).
"""

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTCollection, TTFont, TTLibError

logger = logging.getLogger(__name__)

SETTING = "TOUYAN_PDF_FONT"

# Serif (宋体 style) first: it is what printed government forms use.
WELL_KNOWN_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
)

# A font that lacks any of these is no font for a Chinese form.
PROBE = "杭州市中小学名校长培养工程推荐表区县教育局审核意见第页共"

COLLECTION_SUFFIXES = (".ttc", ".otc")


@dataclass(frozen=True)
class CjkFont:
    path: Path
    index: int  # the face inside a collection; 0 for a single font
    name: str
    codepoints: frozenset[int]

    def covers(self, char: str) -> bool:
        return ord(char) in self.codepoints


def cjk_font() -> CjkFont | None:
    """The font to embed, or None when the documents are to rely on the reader's fonts."""
    return resolve(_setting())


def _setting() -> str | None:
    if settings.configured and hasattr(settings, SETTING):
        return getattr(settings, SETTING)
    return os.environ.get(SETTING)


@cache
def resolve(value: str | None) -> CjkFont | None:
    if value is not None and not value.strip():
        return None
    if value:
        path, _, index = value.strip().partition("#")
        font = _load(Path(path), int(index) if index.isdigit() else None)
        if font:
            return font
        logger.warning(
            "%s=%s is not a readable Chinese font; searching the usual places", SETTING, value
        )
    for candidate in WELL_KNOWN_FONTS:
        font = _load(Path(candidate), None)
        if font:
            return font
    found = _fontconfig_match()
    if found:
        return _load(*found)
    logger.warning("no Chinese font found: PDF documents rely on the reader's 宋体 (STSong-Light)")
    return None


def _load(path: Path, index: int | None) -> CjkFont | None:
    if not path.is_file():
        return None
    try:
        if path.suffix.lower() in COLLECTION_SUFFIXES:
            faces = TTCollection(path, lazy=True).fonts
            index = _simplified_face(faces) if index is None else index
            face = faces[index]
        else:
            index = 0
            face = TTFont(path, lazy=True)
        codepoints = frozenset(face.getBestCmap() or ())
        name = face["name"].getDebugName(4) or path.name
    except (TTLibError, OSError, IndexError, KeyError, AssertionError):
        return None
    if not all(ord(char) in codepoints for char in PROBE):
        return None
    return CjkFont(path=path, index=index, name=name, codepoints=codepoints)


def _simplified_face(faces) -> int:
    """The simplified-Chinese face of a collection (Noto CJK holds JP, KR, SC, TC, HK faces)."""
    for index, face in enumerate(faces):
        family = face["name"].getDebugName(1) or ""
        if family.endswith((" SC", " GB")) or " SC " in family:
            return index
    return 0


def _fontconfig_match() -> tuple[Path, int] | None:
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return None
    try:
        found = subprocess.run(
            [fc_match, "--format=%{file}|%{index}", "serif:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, index = found.partition("|")
    if not path:
        return None
    return Path(path), int(index) if index.isdigit() else 0

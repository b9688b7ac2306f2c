"""Re-encoding uploaded photos, so that what is stored is only an image: the pixels, turned the
way the camera meant, and nothing else — no EXIF (GPS position, camera serial), no comments, no
bytes appended after the image, no polyglot."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

# A 100-megapixel photo is larger than any camera phone takes; beyond it, decoding could take
# gigabytes (a "pixel flood").
MAX_PIXELS = 100_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png"}


class NotAnImage(ValueError):
    pass


def reencode(stream, expected: str, *, max_width: int | None = None) -> bytes:
    """The image in ``stream`` (``expected``: "JPEG" or "PNG") decoded and written again;
    with ``max_width``, a wider one is scaled down to that width (its proportions kept)."""
    stream.seek(0)
    try:
        with Image.open(stream) as image:
            if image.format != expected:
                raise NotAnImage(image.format)
            if image.width * image.height > MAX_PIXELS:
                raise NotAnImage("too many pixels")
            image.load()
            upright = ImageOps.exif_transpose(image)
            if max_width and upright.width > max_width:
                height = max(1, round(upright.height * max_width / upright.width))
                upright = upright.resize((max_width, height), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            if expected == "JPEG":
                if upright.mode not in ("RGB", "L", "CMYK"):
                    upright = upright.convert("RGB")
                upright.save(out, "JPEG", quality=90, optimize=True)
            else:
                upright.save(out, "PNG")
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise NotAnImage(str(exc)) from exc
    finally:
        stream.seek(0)
    return out.getvalue()

"""Real image files for tests of photos, drawn with Pillow (no binary fixtures kept)."""

from __future__ import annotations

from io import BytesIO

from PIL import Image


def image_bytes(
    fmt: str = "PNG",
    size: tuple[int, int] = (40, 30),
    color: tuple[int, int, int] = (200, 60, 40),
    *,
    exif: Image.Exif | None = None,
) -> bytes:
    """Return an image of one colour in a format ("PNG", "JPEG", "WEBP"), with EXIF if given."""
    out = BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, color).save(out, format=fmt, **options)
    return out.getvalue()


def size_of(data: bytes) -> tuple[int, int]:
    """Return an image's width and height as Pillow reads them."""
    with Image.open(BytesIO(data)) as image:
        return image.size

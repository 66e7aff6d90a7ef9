"""Photos checked before they are stored: the type by its signature, the size, the pixels.

One check for every way in (the command line's `ceremony photo`, the committee's /berkas):
a JPEG, PNG or WebP by its first bytes, at most MAX_PHOTO_BYTES, whose header names a
sane size in pixels (MAX_PHOTO_PIXELS: a small file that would decode to gigabytes, a
"decompression bomb", is refused before any pixel is decoded). Then Pillow decodes it,
turns it upright (its EXIF orientation), shrinks it to MAX_PHOTO_SIDE if larger, and
writes it again in its own format without the camera's metadata (EXIF carries the place
a phone took it), and draws a small JPEG thumbnail for lists.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

from data_access.ceremony.errors import CeremonyError

PHOTO_TYPES = {
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/webp": b"RIFF",
}
PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# A 40-megapixel photo (7 744 x 5 163) decodes to ~120 MB; phones take 12 to 50.
MAX_PHOTO_PIXELS = 40_000_000
MAX_PHOTO_SIDE = 4096  # larger is shrunk: a 4K screen shows it at less than this
THUMBNAIL_SIDE = 240  # twice the list's 120 px, for sharp screens
JPEG_QUALITY = 88
THUMBNAIL_QUALITY = 78


@dataclass(frozen=True)
class CheckedPhoto:
    """A photo as it is stored: its type, bytes (no metadata), size in pixels, thumbnail."""

    content_type: str
    data: bytes
    width: int
    height: int
    thumbnail: bytes


def photo_type(data: bytes) -> str:
    """Return the image type of photo bytes by signature and size, or raise CeremonyError."""
    if len(data) > MAX_PHOTO_BYTES:
        raise CeremonyError("ceremony.refused.photo_size")
    for content_type, magic in PHOTO_TYPES.items():
        if data.startswith(magic) and (content_type != "image/webp" or data[8:12] == b"WEBP"):
            return content_type
    raise CeremonyError("ceremony.refused.photo_type")


def _opened(data: bytes, content_type: str) -> Image.Image:
    """Open the image lazily (its header only) and check its format and pixels."""
    try:
        with warnings.catch_warnings():
            # Our own limit decides, before Pillow's warning (an error under pytest) would.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data), formats=[PIL_FORMATS[content_type]])
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise CeremonyError("ceremony.refused.photo_broken") from exc
    width, height = image.size
    if width < 1 or height < 1 or width * height > MAX_PHOTO_PIXELS:
        raise _too_many_pixels()
    return image


def _too_many_pixels() -> CeremonyError:
    return CeremonyError("ceremony.refused.photo_pixels", megapixels=MAX_PHOTO_PIXELS // 1_000_000)


def _decoded(image: Image.Image) -> Image.Image:
    """Decode the first frame, upright, in a mode its format writes; at most MAX_PHOTO_SIDE."""
    if image.format == "JPEG":
        image.draft("RGB", (MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))  # decode at 1/2, 1/4, ... if large
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
        upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise CeremonyError("ceremony.refused.photo_broken") from exc
    try:
        if upright.mode not in ("RGB", "RGBA") or "transparency" in upright.info:
            has_alpha = "A" in upright.mode or "transparency" in upright.info
            upright = upright.convert("RGBA" if has_alpha else "RGB")
        upright.info = {}  # what the file said of itself (EXIF, ICC, text): never written again
        upright.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE), Image.Resampling.LANCZOS)
    except (OSError, ValueError) as exc:
        raise CeremonyError("ceremony.refused.photo_broken") from exc
    return upright


def _encoded(image: Image.Image, pil_format: str, **options: object) -> bytes:
    out = BytesIO()
    image.save(out, format=pil_format, **options)  # no exif=, no icc: no metadata
    return out.getvalue()


def thumbnail_of(image: Image.Image) -> bytes:
    """Return a small JPEG of an image (transparency on white), at most THUMBNAIL_SIDE."""
    small = image.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    if small.mode == "RGBA":
        flat = Image.new("RGB", small.size, "white")
        flat.paste(small, mask=small.getchannel("A"))
        small = flat
    return _encoded(small, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)


def check_photo(data: bytes) -> CheckedPhoto:
    """Check photo bytes and return them as stored (re-encoded, no metadata) with a thumbnail."""
    content_type = photo_type(data)
    image = _decoded(_opened(data, content_type))
    pil_format = PIL_FORMATS[content_type]
    try:  # a mode or a size the encoder refuses is the file's fault, not a server error
        if pil_format == "JPEG":
            rgb = image if image.mode == "RGB" else image.convert("RGB")
            body = _encoded(rgb, "JPEG", quality=JPEG_QUALITY, optimize=True)
        elif pil_format == "WEBP":
            body = _encoded(image, "WEBP", quality=JPEG_QUALITY)
        else:
            body = _encoded(image, "PNG", optimize=True)
        thumbnail = thumbnail_of(image)
    except (OSError, ValueError) as exc:
        raise CeremonyError("ceremony.refused.photo_broken") from exc
    return CheckedPhoto(content_type, body, image.width, image.height, thumbnail)


def thumbnail_of_stored(data: bytes, content_type: str) -> bytes | None:
    """Return the thumbnail of a photo stored before thumbnails were kept (None: unreadable)."""
    try:
        image = _decoded(_opened(data, content_type))
    except CeremonyError:
        return None
    return thumbnail_of(image)

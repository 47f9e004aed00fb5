"""Photos and videos made for the media tests (imported by name: ``from media_support``)."""

import io
import itertools

from PIL import Image

GPS = {1: "N", 2: (10.0, 45.0, 30.0), 3: "E", 4: (106.0, 40.0, 12.0)}
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def jpeg_with_gps(size=(20, 10), orientation=6):
    """A JPEG whose EXIF holds a camera, an orientation and a GPS position."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update(GPS)
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "JPEG", exif=exif, comment=b"my home")
    return buffer.getvalue()


def image(kind="PNG", size=(8, 8), **options):
    buffer = io.BytesIO()
    Image.new("RGBA" if kind != "JPEG" else "RGB", size, "blue").save(buffer, kind, **options)
    return buffer.getvalue()


def video(payload=b"\x00" * 5000):
    """An MP4 as far as its first bytes say."""
    return MP4_HEAD + payload


class Counting:
    """Endless chunks after ``head``; counts how many were pulled."""

    def __init__(self, head, size=1024):
        self.head, self.size, self.pulled = head, size, 0

    def __iter__(self):
        for chunk in itertools.chain([self.head], itertools.repeat(b"\x00" * self.size)):
            self.pulled += 1
            yield chunk

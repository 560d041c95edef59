"""Files of the fake Bot API server: a registry and a little image sniffing."""

from __future__ import annotations

import itertools
import mimetypes
import struct
from collections.abc import Iterator

from .models import JsonDict, SentFile

__all__ = ["FileStore", "image_info"]

_EXTENSIONS = {"photo": ".jpg", "sticker": ".webp"}
_THUMBNAIL_SIDE = 90


def image_info(data: bytes) -> tuple[str, int, int] | None:
    """``(mime type, width, height)`` of a PNG, JPEG, GIF, WebP or BMP image, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return "image/png", width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return "image/gif", width, height
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg", *_jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", 512, 512
    if data.startswith(b"BM") and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return "image/bmp", abs(width), abs(height)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int]:
    index = 2
    while index + 9 <= len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        (segment_length,) = struct.unpack(">H", data[index + 2 : index + 4])
        index += 2 + segment_length
    return 800, 600


class FileStore:
    """Files by id, with Telegram-like ids, unique ids and download paths.

    ``numbers`` gives each file its number (shared by the bots of one server, so that a
    file id of one bot is unknown to the others, as on Telegram)."""

    def __init__(self, numbers: Iterator[int] | None = None) -> None:
        self._counter = numbers if numbers is not None else itertools.count(1)
        self.by_id: dict[str, SentFile] = {}
        self.by_path: dict[str, SentFile] = {}
        self.thumbnails: dict[str, SentFile] = {}

    def add(
        self,
        kind: str,
        data: bytes,
        *,
        filename: str | None = None,
        mime_type: str | None = None,
        width: int | None = None,
        height: int | None = None,
    ) -> SentFile:
        number = next(self._counter)
        extension = _EXTENSIONS.get(kind)
        if extension is None:
            guessed = mimetypes.guess_extension(mime_type or "") if mime_type else None
            extension = _suffix(filename) or guessed or ""
        folder = {"photo": "photos", "sticker": "stickers"}.get(kind, "documents")
        stored = SentFile(
            file_id=f"FAKE{kind.upper()}{number:06d}",
            file_unique_id=f"U{number:06d}",
            kind=kind,
            data=data,
            filename=filename,
            mime_type=mime_type,
            file_path=f"{folder}/file_{number}{extension}",
            width=width,
            height=height,
        )
        self.by_id[stored.file_id] = stored
        self.by_path[stored.file_path] = stored
        return stored

    def add_photo(self, data: bytes, filename: str | None = None) -> SentFile | None:
        """Register an image as a photo (with a thumbnail); None if it is not an image."""
        info = image_info(data)
        if info is None:
            return None
        mime, width, height = info
        photo = self.add(
            "photo", data, filename=filename, mime_type=mime, width=width, height=height
        )
        if max(width, height) > _THUMBNAIL_SIDE:
            scale = _THUMBNAIL_SIDE / max(width, height)
            self.thumbnails[photo.file_id] = self.add(
                "photo",
                data,
                mime_type=mime,
                width=max(1, round(width * scale)),
                height=max(1, round(height * scale)),
            )
        return photo

    def photo_sizes(self, photo: SentFile) -> list[JsonDict]:
        """The ``PhotoSize`` list of a message, smallest first, as Telegram orders it."""
        sizes = [self.thumbnails[photo.file_id]] if photo.file_id in self.thumbnails else []
        sizes.append(photo)
        return [
            {
                "file_id": size.file_id,
                "file_unique_id": size.file_unique_id,
                "width": size.width or 0,
                "height": size.height or 0,
                "file_size": size.size,
            }
            for size in sizes
        ]

    @staticmethod
    def document_payload(document: SentFile) -> JsonDict:
        payload: JsonDict = {
            "file_id": document.file_id,
            "file_unique_id": document.file_unique_id,
            "file_size": document.size,
        }
        if document.filename:
            payload["file_name"] = document.filename
        if document.mime_type:
            payload["mime_type"] = document.mime_type
        return payload


def _suffix(filename: str | None) -> str:
    if not filename or "." not in filename:
        return ""
    suffix = "." + filename.rsplit(".", 1)[1]
    return suffix if suffix[1:].isalnum() and len(suffix) <= 10 else ""

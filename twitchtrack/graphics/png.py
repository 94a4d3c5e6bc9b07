"""Pictures as PNG bytes, so every writer can hand them to the one atomic write."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageWriter, QPixmap

__all__ = ["png_bytes"]


def png_bytes(picture: QPixmap | QImage) -> bytes:
    """The picture encoded as PNG; ValueError when Qt cannot encode it."""
    image = picture.toImage() if isinstance(picture, QPixmap) else picture
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        # QPixmap.save(path) would write the file in place: a full disk or a crash
        # leaves a truncated picture where the old one was.
        writer = QImageWriter(buffer, QByteArray(b"png"))
        if not writer.write(image):
            raise ValueError(
                f"the picture could not be encoded as PNG: {writer.errorString()}"
            )
    finally:
        buffer.close()
    return bytes(data.data())

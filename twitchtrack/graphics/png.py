"""Pictures as PNG (or JPEG) bytes, so every writer can hand them to the one atomic
write."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageWriter, QPixmap

__all__ = ["image_bytes", "png_bytes"]


def png_bytes(picture: QPixmap | QImage) -> bytes:
    """The picture encoded as PNG; ValueError when Qt cannot encode it."""
    return image_bytes(picture, "png")


def image_bytes(picture: QPixmap | QImage, fmt: str = "png") -> bytes:
    """The picture encoded as ``fmt`` ("png" or "jpeg"); ValueError when Qt cannot
    encode it."""
    image = picture.toImage() if isinstance(picture, QPixmap) else picture
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        # QPixmap.save(path) would write the file in place: a full disk or a crash
        # leaves a truncated picture where the old one was.
        writer = QImageWriter(buffer, QByteArray(fmt.encode("ascii")))
        if fmt == "jpeg":
            writer.setQuality(92)  # small text stays legible
        if not writer.write(image):
            raise ValueError(
                f"the picture could not be encoded as {fmt.upper()}: "
                f"{writer.errorString()}"
            )
    finally:
        buffer.close()
    return bytes(data.data())

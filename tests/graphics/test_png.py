"""PNG encoding in memory: the same bytes Qt would save, and a clear failure."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QPixmap

from twitchtrack.graphics.png import png_bytes


def test_png_bytes_are_what_qt_saves(qapp: object) -> None:
    pixmap = QPixmap(40, 24)
    pixmap.fill(QColor("#336699"))
    saved = QByteArray()
    buffer = QBuffer(saved)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert pixmap.save(buffer, "PNG")
    buffer.close()
    assert png_bytes(pixmap) == bytes(saved.data())
    assert png_bytes(pixmap.toImage()) == bytes(saved.data())


def test_an_empty_picture_is_refused(qapp: object) -> None:
    with pytest.raises(ValueError, match="PNG"):
        png_bytes(QPixmap())

"""Icons (SVG, rendered at every size so they stay sharp on high-DPI screens) and style sheets.

Icons are drawn in the palette's text colour, so they follow the OS light or dark scheme (Qt 6.5+
``styleHints().colorScheme()``); :func:`apply_style` picks the matching style sheet additions.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
ICON_SIZES = (16, 20, 24, 32, 48, 64, 96, 128)


def is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def icon(name: str) -> QIcon:
    path = RESOURCES / "icons" / f"{name}.svg"
    if not path.exists() or QGuiApplication.instance() is None:
        return QIcon()
    colour = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    data = path.read_text(encoding="utf-8").replace("#COLOR", colour)
    renderer = QSvgRenderer(QByteArray(data.encode("utf-8")))
    result = QIcon()
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(QPixmap.fromImage(image))
    return result


def apply_style(app: QApplication) -> None:
    """The native style plus our small additions; re-applied when the OS switches light/dark."""
    sheet = (RESOURCES / "styles" / "app.qss").read_text(encoding="utf-8")
    if is_dark():
        sheet += "\n" + (RESOURCES / "styles" / "dark.qss").read_text(encoding="utf-8")
    app.setStyleSheet(sheet)

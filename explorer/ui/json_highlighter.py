"""Colours for pretty-printed JSON: keys, strings, numbers, literals and punctuation.

Line by line with regular expressions (no parsing), so it stays fast on long documents and
harmless on text that is not JSON. Colours follow the palette's lightness (light or dark theme).
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QGuiApplication, QSyntaxHighlighter, QTextCharFormat, QTextDocument

_TOKENS = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*"(?=\s*:))'
    r'|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<number>-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)"
    r"|(?P<literal>\b(?:true|false|null)\b)"
    r"|(?P<punct>[{}\[\],:])"
)
_LIGHT = {
    "key": "#0b5cad",
    "string": "#1a7f37",
    "number": "#b35900",
    "literal": "#8250df",
    "punct": "#6e7781",
}
_DARK = {"key": "#79c0ff", "string": "#7ee787", "number": "#ffa657", "literal": "#d2a8ff", "punct": "#8b949e"}


def _formats(dark: bool) -> dict[str, QTextCharFormat]:
    formats = {}
    for name, colour in (_DARK if dark else _LIGHT).items():
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(colour))
        if name == "key":
            fmt.setFontWeight(QFont.Weight.DemiBold)
        formats[name] = fmt
    return formats


class JsonHighlighter(QSyntaxHighlighter):
    """Attach to a document; :attr:`enabled` False leaves the text plain (other decoders)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        palette = QGuiApplication.palette()
        self._formats = _formats(palette.base().color().lightness() < 128)
        self.enabled = True

    def set_enabled(self, enabled: bool) -> None:
        if enabled != self.enabled:
            self.enabled = enabled
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if not self.enabled or len(text) > 20_000:
            return
        for match in _TOKENS.finditer(text):
            kind = match.lastgroup
            if kind is not None:
                self.setFormat(match.start(), match.end() - match.start(), self._formats[kind])

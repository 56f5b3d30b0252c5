"""Text on a PDF page that no reader of the page can see, taken out before the page's text is read.

A PDF can carry text that a viewer never shows: text in the invisible render
mode (``3 Tr``, used for the OCR layer of a scan, and by a source that hides
"ignore previous instructions" in a page), text placed outside the page's
visible area (its crop box), text in a font of next to no size, and white
text with nothing painted under it but the white page. Each text-showing
operator of the page's content stream is checked where it starts (the text
matrix and the current transformation, tracked through ``q``/``Q``, ``cm``,
``BT``, ``Tm``, ``Td``, ``TD``, ``T*``, ``TL``, ``Tf`` and ``Tr``, with the fill
colour and the filled paths and images); a hidden one is taken out, and
counted by why. Invisible text on a page that paints an image is the text
layer of a scan that was OCRed, and is read.

Not detected: text the colour of a painted shape under it (white text on a
dark band is read; so is any text on an image), text drawn under an image,
and text inside form XObjects (read as before).

>>> counts = Counter(invisible=2, outside=1)
>>> described(counts)
['2 runs of invisible text', '1 run of text outside the page']
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

__all__ = ["described", "drop_hidden_text"]

_SHOWS = (b"Tj", b"TJ", b"'", b'"')
_INVISIBLE_MODES = (3, 7)  # neither filled nor stroked (7 only adds the text to the clipping path)
_SMALLEST = 1.0  # points: a font smaller than this shows as nothing
_MARGIN = 1.0  # points of slack around the crop box
_WHY = {"invisible": "invisible text", "outside": "text outside the page", "tiny": "text in a zero-size font",
        "white": "white text on the white page"}
_FILLED_MODES = (0, 4)  # text that is only filled, so its fill colour is all that shows
_FILLS = (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*")
_PATH_ENDS = (b"S", b"s", b"n", *_FILLS)
_WHITE = 0.95  # a fill at least this light (each of gray, red, green and blue) is white
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

Matrix = tuple[float, float, float, float, float, float]


def described(counts: Counter[str]) -> list[str]:
    """What was taken out, in words, for a document's ``not_read`` metadata."""
    return [f"{n} {'run' if n == 1 else 'runs'} of {_WHY[why]}" for why, n in sorted(counts.items(), key=_order)
            if n]


def _order(item: tuple[str, int]) -> int:
    return list(_WHY).index(item[0])


def drop_hidden_text(page: Any) -> Counter[str]:
    """Take out of ``page``'s content stream (in memory) each text-showing operator that cannot be seen.

    Returns how many were taken out, by why ("invisible", "outside", "tiny");
    the page is left as it was when none were.
    """
    from pypdf.generic import ContentStream, NameObject

    contents = page.get_contents()
    if contents is None:
        return Counter()
    box = page.cropbox
    state = _State((float(box.left), float(box.bottom), float(box.right), float(box.top)))
    seen, scanned = [], False
    for operands, operator in contents.operations:
        state.apply(operator, operands)  # ' and " move to the next line before they show their text
        if _is_image(page, operator, operands):
            scanned = True
            state.paint_image()
        seen.append((operands, operator, state.hidden() if operator in _SHOWS else None))
    kept, counts = [], Counter[str]()
    for operands, operator, why in seen:
        if why is None or (why == "invisible" and scanned):  # invisible text over a scan is its OCR layer
            kept.append((operands, operator))
            continue
        counts[why] += 1
        kept += _moves_of(operator, operands)
    if counts:
        filtered = ContentStream(None, page.pdf)
        filtered.operations = kept
        page[NameObject("/Contents")] = filtered
    return counts


def _is_image(page: Any, operator: bytes, operands: list[Any]) -> bool:
    """Whether the operator paints an image: an inline one, or an image XObject of the page."""
    if operator == b"INLINE IMAGE":
        return True
    if operator != b"Do" or not operands:
        return False
    from pypdf.errors import PdfReadError

    try:
        xobject = page["/Resources"]["/XObject"][operands[0]].get_object()
        return bool(xobject.get("/Subtype") == "/Image")
    except (KeyError, TypeError, AttributeError, ValueError, PdfReadError):
        return False


def _moves_of(operator: bytes, operands: list[Any]) -> list[tuple[list[Any], bytes]]:
    """What a hidden ``'`` or ``"`` still does besides showing text: move to the next line, set the spacing."""
    if operator == b"'":
        return [([], b"T*")]
    if operator == b'"' and len(operands) >= 2:
        return [([operands[0]], b"Tw"), ([operands[1]], b"Tc"), ([], b"T*")]
    return []


class _State:
    """The graphics and text state that decides whether shown text can be seen."""

    def __init__(self, box: tuple[float, float, float, float]) -> None:
        self.box = box
        self.cm: Matrix = _IDENTITY
        self.tm: Matrix = _IDENTITY
        self.line: Matrix = _IDENTITY
        self.mode, self.size, self.leading = 0, 12.0, 0.0
        self.white = False  # the fill colour; black to begin with
        self.saved: list[tuple[Matrix, int, float, float, bool]] = []
        self.path: list[tuple[float, float]] = []  # the points of the path being built, on the page
        self.painted: list[tuple[float, float, float, float]] = []  # what lies under later text: fills, images

    def hidden(self) -> str | None:
        """Why text shown now cannot be seen ("invisible", "outside", "tiny", "white"), or None."""
        if self.mode in _INVISIBLE_MODES:
            return "invisible"
        a, b, c, d, e, f = _multiply(self.tm, self.cm)
        if abs(self.size) * math.sqrt(abs(a * d - b * c)) < _SMALLEST:
            return "tiny"
        left, bottom, right, top = self.box
        if not (left - _MARGIN <= e <= right + _MARGIN and bottom - _MARGIN <= f <= top + _MARGIN):
            return "outside"
        if self.white and self.mode in _FILLED_MODES and not any(
                x0 <= e <= x1 and y0 <= f <= y1 for x0, y0, x1, y1 in self.painted):
            return "white"
        return None

    def paint_image(self) -> None:
        """An image is painted in the unit square of the current transformation: text on it may show."""
        self.painted.append(_bounds([self._on_page(x, y) for x in (0.0, 1.0) for y in (0.0, 1.0)]))

    def apply(self, operator: bytes, operands: list[Any]) -> None:
        """Follow one operator of the content stream (any operand that is not a number is ignored)."""
        numbers = [float(x) for x in operands if isinstance(x, (int, float))]
        if operator == b"q":
            self.saved.append((self.cm, self.mode, self.size, self.leading, self.white))
        elif operator == b"Q" and self.saved:
            self.cm, self.mode, self.size, self.leading, self.white = self.saved.pop()
        elif operator == b"cm" and len(numbers) == 6:
            self.cm = _multiply(_matrix(numbers), self.cm)
        elif operator == b"BT":
            self.tm = self.line = _IDENTITY
        elif operator == b"Tm" and len(numbers) == 6:
            self.tm = self.line = _matrix(numbers)
        elif operator in (b"Td", b"TD") and len(numbers) == 2:
            if operator == b"TD":
                self.leading = -numbers[1]
            self._move(numbers[0], numbers[1])
        elif operator in (b"T*", b"'", b'"'):
            self._move(0.0, -self.leading)
        else:
            self._set(operator, numbers)

    def _set(self, operator: bytes, numbers: list[float]) -> None:
        if operator == b"TL" and numbers:
            self.leading = numbers[0]
        elif operator == b"Tf" and numbers:
            self.size = numbers[-1]
        elif operator == b"Tr" and numbers and math.isfinite(numbers[0]):
            self.mode = int(numbers[0])
        elif operator in (b"g", b"rg", b"k", b"sc", b"scn", b"cs"):
            self.white = _white(numbers) if operator != b"cs" else False
        else:
            self._draw(operator, numbers)

    def _draw(self, operator: bytes, numbers: list[float]) -> None:
        """Follow the path being built; a non-white fill of it lies under the text shown after it."""
        if operator == b"re" and len(numbers) == 4:
            x, y, w, h = numbers
            self.path += [self._on_page(x, y), self._on_page(x + w, y + h), self._on_page(x + w, y),
                          self._on_page(x, y + h)]
        elif operator in (b"m", b"l", b"c", b"v", b"y") and len(numbers) >= 2:
            self.path += [self._on_page(x, y) for x, y in zip(numbers[::2], numbers[1::2], strict=False)]
        elif operator in _PATH_ENDS:
            if operator in _FILLS and not self.white and self.path:
                self.painted.append(_bounds(self.path))
            self.path = []

    def _on_page(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.cm
        return x * a + y * c + e, x * b + y * d + f

    def _move(self, tx: float, ty: float) -> None:
        self.tm = self.line = _multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self.line)


def _white(numbers: list[float]) -> bool:
    """Whether a fill colour (gray, RGB or CMYK, by the number of its components) is white."""
    if len(numbers) == 4:
        return all(n <= 1 - _WHITE for n in numbers)
    return len(numbers) in (1, 3) and all(n >= _WHITE for n in numbers)


def _bounds(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _matrix(numbers: list[float]) -> Matrix:
    a, b, c, d, e, f = numbers
    return (a, b, c, d, e, f)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n``, as PDF matrices compose (a point is a row vector)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)

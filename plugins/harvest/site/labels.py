"""Labels that never collide: a title measured as the browser will set it, wrapped to two lines
before anything is cut, and placed beside its symbol only where no other label or symbol lies.

Widths come from the advance widths of DejaVu Sans and Liberation Sans (what Chromium uses for
`system-ui` and `sans-serif` on Debian and most Linux; Arial, Segoe UI and Helvetica are no
wider), the widest of the two per character, so a measured box holds the text in either font.
A character outside the table counts as one em, wider than any letter."""

from __future__ import annotations

from functools import lru_cache

# Advance widths of U+0020..U+017F in 1/40 em: chr(ord("0") + ceil(40 * width)), the widest of
# DejaVu Sans and Liberation Sans (fontTools over Debian's fonts-dejavu-core and fonts-liberation).
_REGULAR = ("=ACRJWP;@@DR=?=>JJJJJJJJJJ>>RRRGYLLMOKIPO<DKGSNPKPMKINLXLKL@>@RGDIJFJI?JJ<<H<WJIJJAE@JHQHHEJ>JR"
            "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX=AJJJJ>GDXCIR?XGDRAADJJ=DACIWWWILLLLLLXMKKKK<<<<ONPPPPPRPNNNNK"
            "KJIIIIIIXFIIII<<<<IJIIIIIRIJJJJHJHLILILIMFMFMFMFOJOJKIKIKIKIKIPJPJPJPJOJUL<<<<<<<<<<NGD<KHHG<G<G"
            "?G>G<NJNJNJQNJPIPIPI[YMAMAMAKEKEKEKEI@I@I@NJNJNJNJNJNJXQKHKLELELE?")
_BOLD = (">CERLYS=CCER@A@?LLLLLLLLLL@@RRRIXOONRLLQR?GOJXRSNSOMLQO]OMNC?CRGDKMHMLBMM>>K>ZMLMMDHDMKUJKHM?MR"
         "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX>CLLJL?GDXGJRAXGDRBBDNJ@DBGJZZZIOOOOOO\\NLLLL????RRSSSSSRSQQQQM"
         "NMKKKKKKZHLLLL>>>>LMLLLLLRLMMMMKMKOKOKOKNHNHNHNHRMRMLLLLLLLLLLQMQMQMQMRMWP?>?>?>?>?>PLG>OKKJ>J>J"
         "DJGJ?RMRMRMXRMSLSLSL_\\ODODODMHMHMHMHLDLDLDQMQMQMQMQMQM]UMKMNHNHNHB")
ASCENT, DESCENT = 0.95, 0.3  # em above and below the baseline: either font's glyphs lie within
LINE = 1.25  # em from one line's baseline to the next
GAP = 3  # user units kept free round every label and symbol
ELLIPSIS = "…"


_UNITS = ({chr(0x20 + i): ord(c) - 48 for i, c in enumerate(_REGULAR)},
          {chr(0x20 + i): ord(c) - 48 for i, c in enumerate(_BOLD)})
# The same widths as a byte translation table: a Latin-1 text's bytes become their widths in
# units (a control character, outside the table, counts one em), whose sum is the text's width.
# A text with a character past U+00FF goes the slow way.
_BYTES = tuple(bytes(table.get(chr(code), 40) for code in range(256)) for table in _UNITS)


def units(text: str, bold: bool = False) -> int:
    """The text's advance width in 1/40 em (a whole number: widths add up exactly)."""
    try:
        return sum(text.encode("latin-1").translate(_BYTES[bold]))
    except UnicodeEncodeError:
        table = _UNITS[bold]
        return sum([table.get(ch, 40) for ch in text])


@lru_cache(maxsize=1 << 15)
def _words(text: str, bold: bool) -> tuple:
    """The text's units, its words and theirs: what wrap reads, the same at every size and width."""
    words = text.split()
    return units(text, bold), words, [units(word, bold) for word in words]


@lru_cache(maxsize=1 << 16)
def width(text: str, size: float, bold: bool = False) -> float:
    return units(text, bold) * size / 40


@lru_cache(maxsize=1 << 16)
def wrap(text: str, size: float, limit: float, bold: bool = False, cut: bool = False) -> tuple[str, ...]:
    """`text` in at most two lines no wider than `limit`, broken between words; () when it does
    not fit, unless `cut`: then the second line ends in an ellipsis."""
    return _lines(text, size, limit, bold, cut)[0]


def _lines(text: str, size: float, limit: float, bold: bool, cut: bool) -> tuple:
    """wrap's lines, and the widest one's units."""
    total, words, sizes = _words(text, bold)
    if total * size / 40 <= limit:  # width(): the same arithmetic, so the same float
        return (text,), total
    # A line's units are its words' plus a space's between each two: added up as the line grows.
    space = _UNITS[bold][" "]
    taken, line = 0, 0
    for n in sizes:
        if taken and (line + space + n) * size / 40 > limit:
            break
        line = line + space + n if taken else n
        taken += 1
    if not taken or sizes[0] * size / 40 > limit:  # one word wider than a line
        taken = 0
    head = " ".join(words[:taken])
    rest = " ".join(words[taken:])
    rest_units = sum(sizes[taken:]) + space * max(0, len(words) - taken - 1)
    if head and rest_units * size / 40 <= limit:
        return (head, rest), max(line, rest_units)
    if not cut:
        return (), 0
    if not head:  # a long word: cut inside it, on one line
        short = _cut(text, size, limit, bold)
        return (short,), units(short, bold)
    short = _cut(rest, size, limit, bold)
    return (head, short), max(line, units(short, bold))


def one_line(text: str, size: float, limit: float) -> str:
    """`text` on one line, cut short with an ellipsis where it is wider than `limit`."""
    return text if width(text, size) <= limit else _cut(text, size, limit, False)


def _cut(text: str, size: float, limit: float, bold: bool) -> str:
    room = limit - width(ELLIPSIS, size, bold)
    end = 0
    used = 0.0
    for ch in text:
        used += width(ch, size, bold)
        if used > room:
            break
        end += 1
    return text[:end].rstrip(" ,.:;-") + ELLIPSIS


class Board:
    """The boxes taken so far (left, top, right, bottom). A neighbourhood's few are compared one
    by one; a map's (`grid=True`) are hashed on a grid, so that a check looks only at its
    neighbourhood: a large map asks thousands of times."""

    CELL = 128

    def __init__(self, grid: bool = False):
        self.grid = grid
        self.boxes: list = []
        self.cells: dict[tuple[int, int], list] = {}
        self.left, self.right = -float("inf"), float("inf")

    def fence(self, left: float, right: float) -> None:
        """No label past these: the drawing's width at full size."""
        self.left, self.right = left, right

    def _keys(self, box) -> list:
        c = self.CELL
        return [(gx, gy) for gx in range(int(box[0] // c), int(box[2] // c) + 1)
                for gy in range(int(box[1] // c), int(box[3] // c) + 1)]

    def free(self, box) -> bool:
        left, top, right, bottom = box[0] - GAP, box[1] - GAP, box[2] + GAP, box[3] + GAP
        if box[0] < self.left or box[2] > self.right:
            return False
        if not self.grid:
            for o in self.boxes:
                if left < o[2] and o[0] < right and top < o[3] and o[1] < bottom:
                    return False
            return True
        for key in self._keys(box):
            for o in self.cells.get(key, ()):
                if left < o[2] and o[0] < right and top < o[3] and o[1] < bottom:
                    return False
        return True

    def take(self, box) -> None:
        if not self.grid:
            self.boxes.append(box)
            return
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)


def box(x: float, y: float, r: float, lines: tuple, size: float, side: str, bold: bool = False):
    """The label's box on `side` (right, left, below, above) of a symbol of radius r at (x, y),
    and the first line's baseline and anchor: (box, (label x, baseline y, anchor))."""
    w = max(width(line, size, bold) for line in lines)
    return _at(x, y, r, w, _height(lines, size), size, side)


def _height(lines: tuple, size: float) -> float:
    return (len(lines) - 1) * LINE * size + (ASCENT + DESCENT) * size


def _at(x: float, y: float, r: float, w: float, h: float, size: float, side: str):
    if side == "right":
        left = lx = x + r + 4
        top, anchor = y - h / 2, "start"
    elif side == "left":
        lx = x - r - 4
        left, top, anchor = lx - w, y - h / 2, "end"
    else:
        left, lx, anchor = x - w / 2, x, "middle"
        top = y + r + 4 if side == "below" else y - r - 4 - h
    return (left, top, left + w, top + h), (lx, top + ASCENT * size, anchor)


@lru_cache(maxsize=1 << 16)
def _variants(text: str, size: float, widths: tuple, bold: bool) -> tuple:
    """The ways to set `text`, best first: whole on one line or wrapped at each of `widths`,
    then cut short at the narrowest; each as (lines, width, height)."""
    tries = [_lines(text, size, limit, bold, False) for limit in widths]
    tries.append(_lines(text, size, widths[0], bold, True))
    out, seen = [], set()
    for lines, widest in tries:
        if lines and lines not in seen:
            seen.add(lines)
            # The widest line's width (width() of its units: the largest units give the largest).
            out.append((lines, widest * size / 40, _height(lines, size)))
    return tuple(out)


def place(board: Board, x: float, y: float, r: float, text: str, size: float, sides: tuple,
          widths: tuple, bold: bool = False):
    """The first free place for the label: the whole title on one line or wrapped at each of
    `widths`, on each of `sides` in turn; then cut short at the narrowest. Takes and returns
    (lines, box, (label x, baseline y, anchor)), or None where no side is free."""
    if board.grid:
        for lines, w, h in _variants(text, size, widths, bold):
            for side in sides:
                found, at = _at(x, y, r, w, h, size, side)
                if board.free(found):
                    board.take(found)
                    return lines, found, at
        return None
    # A neighbourhood's board: _at and Board.free in short (the same arithmetic), tens of
    # thousands of times a build.
    boxes, fence_left, fence_right = board.boxes, board.left, board.right
    for lines, w, h in _variants(text, size, widths, bold):
        for side in sides:
            if side == "right":
                left = x + r + 4
                top = y - h / 2
            elif side == "left":
                left = (x - r - 4) - w
                top = y - h / 2
            else:
                left = x - w / 2
                top = y + r + 4 if side == "below" else y - r - 4 - h
            right, bottom = left + w, top + h
            if left < fence_left or right > fence_right:
                continue
            a, b, c, d = left - GAP, top - GAP, right + GAP, bottom + GAP
            for o in boxes:
                if a < o[2] and o[0] < c and b < o[3] and o[1] < d:
                    break
            else:
                found = (left, top, right, bottom)
                boxes.append(found)
                return lines, found, _at(x, y, r, w, h, size, side)[1]
    return None

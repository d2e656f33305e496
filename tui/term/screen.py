"""The character grid: primary and alternate buffers, cursor, scroll region and scrollback.

Scrolling moves row objects (never copies them) and rows scrolled off a region of the primary
buffer go to a bounded scrollback; complete lines arriving in a flood go there unread.
"""

from __future__ import annotations

import re

from tui.term.flood import LineBlock, LineStyler, Scrollback
from tui.term.rows import AnyRow, Row, char_width
from tui.term.style import DEFAULT, PLAIN, Pen, StyleTable, apply_sgr

TAB_WIDTH = 8
_SGR_CACHE_SIZE = 4096
_SGR = re.compile(r"\x1b\[[0-9;]*m")


class SavedCursor:
    """What DECSC stores and DECRC brings back."""

    __slots__ = ("x", "y", "pen", "origin", "pending_wrap")

    def __init__(self, x: int, y: int, pen: Pen, origin: bool, pending_wrap: bool) -> None:
        self.x, self.y, self.pen, self.origin, self.pending_wrap = x, y, pen, origin, pending_wrap


class Screen:
    """Grid state and the editing operations escape sequences map onto."""

    def __init__(self, width: int, height: int, scrollback: int = 10_000) -> None:
        self.width = max(1, width)
        self.height = max(1, height)
        self.styles = StyleTable()
        self._sgr_cache: dict[tuple[int, str], tuple[Pen, int, int]] = {}
        self._styler = LineStyler(self.styles)
        self.history = Scrollback(scrollback)
        self.history_added = 0
        self.primary: list[AnyRow] = [Row(self.width) for _ in range(self.height)]
        self.alternate: list[AnyRow] = [Row(self.width) for _ in range(self.height)]
        self.rows = self.primary
        self.on_alternate = False
        self.dirty: set[int] = set()
        self.all_dirty = True
        self.reset_state()

    def reset_state(self) -> None:
        """Cursor, pen, margins, modes and tab stops to power-on values."""
        self.x = 0
        self.y = 0
        self.pending_wrap = False
        self.pen = PLAIN
        self.style = 0
        self.erase_style = 0
        self.top = 0
        self.bottom = self.height - 1
        self.autowrap = True
        self.origin = False
        self.insert_mode = False
        self.cursor_visible = True
        self.last_char = ""
        self.tabstops = set(range(TAB_WIDTH, self.width, TAB_WIDTH))
        self.saved = {False: self._snapshot_cursor(), True: self._snapshot_cursor()}

    # ----- pen and cursor state -----

    def set_pen(self, pen: Pen) -> None:
        self.pen = pen
        self.style = self.styles.id_for(pen)
        self.erase_style = 0 if pen.bg == DEFAULT else self.styles.id_for(Pen(DEFAULT, pen.bg, 0))

    def select_graphic_rendition(self, params: str) -> None:
        """SGR, memoised on (current style, parameters) since logs repeat the same few."""
        key = (self.style, params)
        hit = self._sgr_cache.get(key)
        if hit is None:
            self.set_pen(apply_sgr(self.pen, params))
            if len(self._sgr_cache) >= _SGR_CACHE_SIZE:
                self._sgr_cache.clear()
            self._sgr_cache[key] = (self.pen, self.style, self.erase_style)
        else:
            self.pen, self.style, self.erase_style = hit

    def _snapshot_cursor(self) -> SavedCursor:
        return SavedCursor(self.x, self.y, self.pen, self.origin, self.pending_wrap)

    def save_cursor(self) -> None:
        self.saved[self.on_alternate] = self._snapshot_cursor()

    def restore_cursor(self) -> None:
        saved = self.saved[self.on_alternate]
        self.x = min(saved.x, self.width - 1)
        self.y = min(saved.y, self.height - 1)
        self.set_pen(saved.pen)
        self.origin = saved.origin
        self.pending_wrap = saved.pending_wrap and self.x == self.width - 1

    def _touch(self, y: int) -> None:
        self.rows[y].cache = None
        self.dirty.add(y)

    def _blank(self) -> Row:
        return Row(self.width, self.erase_style)

    # ----- printing -----

    def write(self, text: str) -> None:
        """Draw printable text at the cursor, wrapping and handling wide and combining characters."""
        if text.isascii():
            x = self.x
            end = x + len(text)
            if end < self.width and not self.pending_wrap and not self.insert_mode:
                # The common case: the run fits on the row.
                row = self.rows[self.y]
                chars = row.chars
                if x and chars[x] == "":
                    chars[x - 1] = " "
                chars[x:end] = text
                row.styles[x:end] = [self.style] * len(text)
                if chars[end] == "":
                    chars[end] = " "
                row.cache = None
                self.dirty.add(self.y)
                self.x = end
                self.last_char = text[-1]
                return
            self._write_narrow(text)
        else:
            self._write_unicode(text)
        self.last_char = text[-1]

    def _write_unicode(self, text: str) -> None:
        run_start = 0
        for i, char in enumerate(text):
            width = char_width(char)
            if width == 1:
                continue
            if i > run_start:
                self._write_narrow(text[run_start:i])
            run_start = i + 1
            if width == 2:
                self._write_wide(char)
            else:
                self._combine(char)
        if run_start < len(text):
            self._write_narrow(text[run_start:])

    def _wrap_if_pending(self) -> None:
        if self.pending_wrap:
            self.pending_wrap = False
            if self.autowrap:
                self.rows[self.y].wrapped = True
                self.x = 0
                self.linefeed()

    def _write_narrow(self, text: str) -> None:
        width = self.width
        pos = 0
        total = len(text)
        while pos < total:
            self._wrap_if_pending()
            x = self.x
            room = width - x
            if not self.autowrap and total - pos > room:
                text = text[pos : pos + room - 1] + text[-1]
                pos, total = 0, room
            chunk = text[pos : pos + room] if total - pos > room or pos else text
            count = len(chunk)
            end = x + count
            row = self.rows[self.y]
            chars = row.chars
            if self.insert_mode:
                chars[x:x] = chunk
                row.styles[x:x] = [self.style] * count
                del chars[width:]
                del row.styles[width:]
            else:
                if x and chars[x] == "":
                    chars[x - 1] = " "
                chars[x:end] = chunk
                row.styles[x:end] = [self.style] * count
            if end < width and chars[end] == "":
                chars[end] = " "
            row.cache = None
            self.dirty.add(self.y)
            pos += count
            if end >= width:
                self.x = width - 1
                self.pending_wrap = self.autowrap
            else:
                self.x = end

    def _write_wide(self, char: str) -> None:
        self._wrap_if_pending()
        if self.width < 2:
            return
        if self.x == self.width - 1:
            if not self.autowrap:
                return
            self._touch(self.y)
            self.rows[self.y].chars[self.x] = " "
            self.pending_wrap = True
            self._wrap_if_pending()
        x = self.x
        row = self.rows[self.y]
        if self.insert_mode:
            row.chars[x:x] = [char, ""]
            row.styles[x:x] = [self.style, self.style]
            del row.chars[self.width :]
            del row.styles[self.width :]
        else:
            if x and row.chars[x] == "":
                row.chars[x - 1] = " "
            row.chars[x : x + 2] = [char, ""]
            row.styles[x : x + 2] = [self.style, self.style]
        if x + 2 < self.width and row.chars[x + 2] == "":
            row.chars[x + 2] = " "
        if self.width and char_width(row.chars[-1]) == 2:
            row.chars[-1] = " "
        self._touch(self.y)
        if x + 2 >= self.width:
            self.x = self.width - 1
            self.pending_wrap = self.autowrap
        else:
            self.x = x + 2

    def _combine(self, char: str) -> None:
        """Attach a zero-width character to the cell before the cursor."""
        x = self.x if self.pending_wrap else self.x - 1
        if x < 0:
            return
        row = self.rows[self.y]
        if row.chars[x] == "" and x:
            x -= 1
        row.chars[x] += char
        self._touch(self.y)

    def repeat_last(self, count: int) -> None:
        """REP: print the last printed character ``count`` more times."""
        if self.last_char:
            self.write(self.last_char * min(count, self.width * self.height))

    # ----- cursor movement -----

    def carriage_return(self) -> None:
        self.x = 0
        self.pending_wrap = False

    def linefeed(self) -> None:
        """IND: down one row, scrolling the region when at its bottom margin."""
        self.pending_wrap = False
        if self.y == self.bottom:
            self.scroll_up(1)
        elif self.y < self.height - 1:
            self.y += 1

    def reverse_index(self) -> None:
        self.pending_wrap = False
        if self.y == self.top:
            self.scroll_down(1)
        elif self.y > 0:
            self.y -= 1

    def backspace(self) -> None:
        if self.pending_wrap:
            self.pending_wrap = False
        elif self.x > 0:
            self.x -= 1
        elif self.y > 0 and self.rows[self.y - 1].wrapped:
            self.y -= 1
            self.x = self.width - 1

    def tab(self, count: int = 1) -> None:
        for _ in range(count):
            stops = [t for t in self.tabstops if t > self.x]
            self.x = min(stops) if stops else self.width - 1
        self.pending_wrap = False

    def back_tab(self, count: int = 1) -> None:
        for _ in range(count):
            stops = [t for t in self.tabstops if t < self.x]
            self.x = max(stops) if stops else 0
        self.pending_wrap = False

    def set_tab(self) -> None:
        self.tabstops.add(self.x)

    def clear_tabs(self, mode: int) -> None:
        if mode == 0:
            self.tabstops.discard(self.x)
        elif mode == 3:
            self.tabstops.clear()

    def move_to(self, row: int, column: int) -> None:
        """CUP with 0-based coordinates, relative to the region in origin mode."""
        if self.origin:
            self.y = max(self.top, min(self.bottom, row + self.top))
        else:
            self.y = max(0, min(self.height - 1, row))
        self.x = max(0, min(self.width - 1, column))
        self.pending_wrap = False

    def set_column(self, column: int) -> None:
        self.x = max(0, min(self.width - 1, column))
        self.pending_wrap = False

    def set_row(self, row: int) -> None:
        self.move_to(row, self.x)

    def cursor_up(self, count: int) -> None:
        limit = self.top if self.y >= self.top else 0
        self.y = max(limit, self.y - count)
        self.pending_wrap = False

    def cursor_down(self, count: int) -> None:
        limit = self.bottom if self.y <= self.bottom else self.height - 1
        self.y = min(limit, self.y + count)
        self.pending_wrap = False

    def cursor_right(self, count: int) -> None:
        self.set_column(self.x + count)

    def cursor_left(self, count: int) -> None:
        self.set_column(self.x - count)

    def set_margins(self, top: int, bottom: int) -> None:
        """DECSTBM with 0-based inclusive rows; an invalid region is ignored. Homes the cursor."""
        bottom = min(bottom, self.height - 1)
        if top >= bottom:
            return
        self.top, self.bottom = top, bottom
        self.move_to(0, 0)

    # ----- scrolling and editing -----

    def scroll_up(self, count: int) -> None:
        """Scroll the region up; on the primary buffer the lines leaving it go to the scrollback
        (whatever the region, as tmux does)."""
        rows = self.rows
        top, bottom = self.top, self.bottom
        count = min(count, bottom - top + 1)
        keep = not self.on_alternate
        for _ in range(count):
            row = rows.pop(top)
            if keep:
                self.history.append(row)
                self.history_added += 1
            rows.insert(bottom, self._blank())
        self.all_dirty = True

    def scroll_down(self, count: int) -> None:
        rows = self.rows
        top, bottom = self.top, self.bottom
        for _ in range(min(count, bottom - top + 1)):
            del rows[bottom]
            rows.insert(top, self._blank())
        self.all_dirty = True

    def insert_lines(self, count: int) -> None:
        if not self.top <= self.y <= self.bottom:
            return
        rows = self.rows
        for _ in range(min(count, self.bottom - self.y + 1)):
            del rows[self.bottom]
            rows.insert(self.y, self._blank())
        self.x = 0
        self.pending_wrap = False
        self.all_dirty = True

    def delete_lines(self, count: int) -> None:
        if not self.top <= self.y <= self.bottom:
            return
        rows = self.rows
        for _ in range(min(count, self.bottom - self.y + 1)):
            del rows[self.y]
            rows.insert(self.bottom, self._blank())
        self.x = 0
        self.pending_wrap = False
        self.all_dirty = True

    def _fix_wide_edges(self, row: AnyRow, start: int, end: int) -> None:
        """Blank halves of wide characters cut by an edit of cells [start, end)."""
        chars = row.chars
        if 0 < start < self.width and chars[start] == "":
            chars[start - 1] = " "
        if end < self.width and chars[end] == "":
            chars[end] = " "

    def insert_chars(self, count: int) -> None:
        row = self.rows[self.y]
        count = min(count, self.width - self.x)
        self._fix_wide_edges(row, self.x, self.x)
        row.chars[self.x : self.x] = " " * count
        row.styles[self.x : self.x] = [self.erase_style] * count
        del row.chars[self.width :]
        del row.styles[self.width :]
        if char_width(row.chars[-1]) == 2:
            row.chars[-1] = " "
        self.pending_wrap = False
        self._touch(self.y)

    def delete_chars(self, count: int) -> None:
        row = self.rows[self.y]
        count = min(count, self.width - self.x)
        self._fix_wide_edges(row, self.x, self.x + count)
        del row.chars[self.x : self.x + count]
        del row.styles[self.x : self.x + count]
        row.chars.extend(" " * count)
        row.styles.extend([self.erase_style] * count)
        self.pending_wrap = False
        self._touch(self.y)

    def erase_chars(self, count: int) -> None:
        end = min(self.width, self.x + max(1, count))
        self._erase_cells(self.y, self.x, end)
        self.pending_wrap = False

    def _erase_cells(self, y: int, start: int, end: int) -> None:
        row = self.rows[y]
        self._fix_wide_edges(row, start, end)
        row.chars[start:end] = " " * (end - start)
        row.styles[start:end] = [self.erase_style] * (end - start)
        if end >= self.width:
            row.wrapped = False
        self._touch(y)

    def erase_line(self, mode: int) -> None:
        """EL: 0 cursor to end, 1 start to cursor, 2 whole line."""
        if mode == 0:
            self._erase_cells(self.y, self.x, self.width)
        elif mode == 1:
            self._erase_cells(self.y, 0, self.x + 1)
        elif mode == 2:
            self._erase_cells(self.y, 0, self.width)
        self.pending_wrap = False

    def erase_display(self, mode: int) -> None:
        """ED: 0 cursor to end, 1 start to cursor, 2 whole screen, 3 scrollback."""
        if mode == 0:
            self._erase_cells(self.y, self.x, self.width)
            for y in range(self.y + 1, self.height):
                self._erase_cells(y, 0, self.width)
        elif mode == 1:
            for y in range(self.y):
                self._erase_cells(y, 0, self.width)
            self._erase_cells(self.y, 0, self.x + 1)
        elif mode == 2:
            if not self.on_alternate:
                self._clear_into_history()
            for y in range(self.height):
                self._erase_cells(y, 0, self.width)
        elif mode == 3:
            self.history.clear()
            self.all_dirty = True
        self.pending_wrap = False

    def _clear_into_history(self) -> None:
        """Keep what a full-screen clear wipes (up to the last used row) in the scrollback, as tmux does."""
        used = [y for y, row in enumerate(self.rows) if row.chars.count(" ") != self.width or any(row.styles)]
        if not used:
            return
        for y in range(used[-1] + 1):
            self.history.append(self.rows[y])
            self.history_added += 1
            self.rows[y] = Row(self.width)
        self.all_dirty = True

    def alignment_test(self) -> None:
        """DECALN: fill the screen with E and reset margins."""
        self.top, self.bottom = 0, self.height - 1
        for y in range(self.height):
            row = self.rows[y]
            row.chars[:] = "E" * self.width
            row.styles[:] = [0] * self.width
            self._touch(y)
        self.move_to(0, 0)

    # ----- buffers and size -----

    def use_alternate(self, on: bool, *, clear: bool) -> None:
        """Switch buffers; ``clear`` blanks the alternate buffer (on entry for 1049, on exit for 1047)."""
        if on == self.on_alternate:
            return
        if clear and not on:
            self.alternate[:] = [Row(self.width) for _ in range(self.height)]
        self.on_alternate = on
        self.rows = self.alternate if on else self.primary
        if clear and on:
            self.alternate[:] = [self._blank() for _ in range(self.height)]
        self.all_dirty = True

    def resize(self, width: int, height: int) -> None:
        """Change the grid size; rows above the cursor move into scrollback when the height shrinks."""
        width, height = max(1, width), max(1, height)
        if width == self.width and height == self.height:
            return
        for buffer in (self.primary, self.alternate):
            for row in buffer:
                row.resize(width, 0)
        self.width = width
        if height < self.height:
            excess = self.height - height
            above = min(excess, max(0, self.y - height + 1))
            for buffer in (self.primary, self.alternate):
                for _ in range(above):
                    row = buffer.pop(0)
                    if buffer is self.primary:
                        self.history.append(row)
                        self.history_added += 1
                del buffer[height:]
            self.y -= above
        elif height > self.height:
            extra = height - self.height
            pulled = 0 if self.on_alternate else min(extra, len(self.history))
            for _ in range(pulled):
                row = self.history.pop()
                row.resize(width, 0)
                self.primary.insert(0, row)
            self.primary.extend(Row(width) for _ in range(extra - pulled))
            self.alternate.extend(Row(width) for _ in range(extra))
            self.y += pulled
        self.height = height
        self.rows = self.alternate if self.on_alternate else self.primary
        self.top, self.bottom = 0, height - 1
        self.x = min(self.x, width - 1)
        self.y = max(0, min(self.y, height - 1))
        self.pending_wrap = False
        self.tabstops = {t for t in self.tabstops if t < width} | set(range(TAB_WIDTH, width, TAB_WIDTH))
        self.all_dirty = True

    def reset(self) -> None:
        """RIS: both buffers blank, primary active, scrollback kept."""
        self.primary[:] = [Row(self.width) for _ in range(self.height)]
        self.alternate[:] = [Row(self.width) for _ in range(self.height)]
        self.rows = self.primary
        self.on_alternate = False
        self.reset_state()
        self.all_dirty = True

    # ----- floods of plain lines -----

    def can_take_lines(self) -> bool:
        """True when the next complete lines may go through ``take_lines``: cursor at column 0 of a
        blank bottom row of the full-screen region on the primary buffer, no pending wrap or insert mode."""
        if (
            self.on_alternate
            or self.x
            or self.pending_wrap
            or self.insert_mode
            or not self.autowrap
            or self.top
            or self.y != self.bottom
            or self.bottom != self.height - 1
        ):
            return False
        row = self.rows[self.y]
        return row.chars.count(" ") == self.width and row.styles.count(self.erase_style) == self.width

    def take_lines(self, block: str) -> int:
        """Print complete lines of ASCII text and SGR sequences, each ending in CR LF.

        The same as writing them one by one when ``can_take_lines()`` holds; stops before the first
        line wider than the screen and returns how many characters of ``block`` were taken.
        """
        width = self.width
        lines = block.split("\r\n")
        lines.pop()
        shown = _SGR.sub("", block).split("\r\n")[:-1] if "\x1b" in block else lines
        taken = len(block)
        if max(map(len, shown)) > width:
            count = next(i for i, text in enumerate(shown) if len(text) > width)
            if not count:
                return 0
            del lines[count:]
            del shown[count:]
            taken = sum(map(len, lines)) + 2 * count
        count = len(lines)
        flood = LineBlock(lines, self.style, width, self._styler)
        if shown[-1]:
            self.last_char = shown[-1][-1]
        self.set_pen(self.styles.pens[flood.style_before(count)])
        rows = self.rows
        old = rows[:-1]
        on_screen = min(count, self.height - 1)
        leaving = min(count, len(old))
        self.history.extend(old[:leaving])
        self.history.extend_lines(flood, count - on_screen)
        self.history_added += count
        rows[:] = old[leaving:] + [flood.row(i) for i in range(count - on_screen, count)] + [self._blank()]
        self.all_dirty = True
        return taken

    # ----- reading -----

    def history_row(self, index: int) -> AnyRow:
        """Scrollback row ``index`` (0 is the oldest)."""
        return self.history[index]

    def line_text(self, y: int) -> str:
        return self.rows[y].text

    def display(self) -> list[str]:
        """The visible text, one string per row (wide characters once, trailing spaces kept)."""
        return [row.text for row in self.rows]

    def cell(self, y: int, x: int) -> tuple[str, Pen]:
        row = self.rows[y]
        return row.chars[x], self.styles.pens[row.styles[x]]

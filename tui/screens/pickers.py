"""Pickers for the AWS profile and Region: type to filter, Enter picks, Escape cancels.

Both dismiss with the chosen name, or None when cancelled. The current choice is marked
and highlighted when the picker opens.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

CURRENT_MARK = "●"
# Longest name shown in full before the details column; longer names push it right.
NAME_COLUMN_MAX = 28
# A Region code as AWS spells them (e.g. eu-west-1, us-gov-east-1), for codes newer than botocore's list.
_REGION_CODE = re.compile(r"^[a-z]{2,5}(-[a-z]+)+-\d{1,2}$")


class FilterPicker(ModalScreen[str | None]):
    """A filterable list of names with optional details; dismisses with the picked name or None."""

    DEFAULT_CSS = """
    FilterPicker {
        align: center middle;
    }
    FilterPicker > #picker {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        border-title-color: $accent;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    FilterPicker #picker-filter {
        margin-bottom: 1;
    }
    FilterPicker #picker-options {
        height: auto;
        max-height: 12;
        border: none;
        padding: 0;
        background: $surface;
    }
    FilterPicker #picker-empty {
        color: $foreground-muted;
        padding: 0 1;
    }
    FilterPicker #picker-help {
        color: $foreground-muted;
        margin-top: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
    ]

    def __init__(
        self,
        title: str,
        names: Sequence[str],
        current: str | None,
        *,
        details: Mapping[str, str] | None = None,
        nothing_listed: str = "Nothing to pick from.",
    ) -> None:
        super().__init__()
        self._title = title
        self._names = list(dict.fromkeys(names))
        self._current = current
        self._details = dict(details or {})
        self._nothing_listed = nothing_listed
        self._name_width = min(NAME_COLUMN_MAX, max((cell_len(name) for name in self._names), default=0))

    def compose(self) -> ComposeResult:
        with Vertical(id="picker") as box:
            box.border_title = self._title
            yield Input(placeholder="type to filter", id="picker-filter")
            yield OptionList(id="picker-options")
            yield Label("", id="picker-empty", markup=False)
            yield Label("↑↓ move · Enter pick · Esc cancel", id="picker-help", markup=False)

    def on_mount(self) -> None:
        self._show_matches("")
        self.query_one("#picker-filter", Input).focus()

    @property
    def options(self) -> OptionList:
        return self.query_one("#picker-options", OptionList)

    def matches(self, query: str) -> list[str]:
        """The names whose name or details contain every word of ``query`` (ignoring case)."""
        words = query.lower().split()
        return [
            name
            for name in self._names
            if all(word in f"{name} {self._details.get(name, '')}".lower() for word in words)
        ]

    def typed_choice(self, query: str) -> str | None:
        """A choice made by typing a name that no row matches; pickers that allow it override this."""
        return None

    def _show_matches(self, query: str) -> None:
        names = self.matches(query)
        options = self.options
        options.set_options(Option(self._prompt(name), id=name) for name in names)
        options.display = bool(names)
        if names:
            options.highlighted = names.index(self._current) if self._current in names and not query.strip() else 0
        empty = self.query_one("#picker-empty", Label)
        empty.display = not names
        empty.update(self._empty_text(query))

    def _empty_text(self, query: str) -> str:
        if not self._names:
            return self._nothing_listed
        typed = self.typed_choice(query.strip())
        if typed is not None:
            return f"Nothing listed matches; Enter uses {typed!r}."
        return f"Nothing matches {query.strip()!r}."

    def _prompt(self, name: str) -> Content:
        mark = (f"{CURRENT_MARK} ", "$accent bold") if name == self._current else "  "
        label = (name, "bold") if name == self._current else name
        padding = " " * max(0, self._name_width - cell_len(name))
        detail = self._details.get(name, "")
        return Content.assemble(mark, label, padding, "  ", (detail, "$text-muted"))

    @on(Input.Changed, "#picker-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._show_matches(event.value)

    @on(Input.Submitted, "#picker-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        highlighted = self.options.highlighted_option if self.options.display else None
        if highlighted is not None:
            self.dismiss(highlighted.id)
            return
        typed = self.typed_choice(event.value.strip())
        if typed is not None:
            self.dismiss(typed)

    @on(OptionList.OptionSelected, "#picker-options")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_move(self, rows: int) -> None:
        options = self.options
        if options.option_count == 0:
            return
        start = options.highlighted if options.highlighted is not None else 0
        options.highlighted = max(0, min(options.option_count - 1, start + rows))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ProfilePicker(FilterPicker):
    """Pick an AWS profile; ``current`` None means botocore's default profile.

    ``details`` maps a profile to a short description, e.g. ``tui.config_aws.profile_details()``.
    """

    def __init__(
        self, profiles: Sequence[str], current: str | None, *, details: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(
            "Switch profile",
            profiles,
            current if current is not None else "default",
            details=details,
            nothing_listed="No profiles in the AWS config or credentials file.",
        )


class RegionPicker(FilterPicker):
    """Pick an AWS Region; a Region code typed in full may be newer than the list and is accepted.

    ``details`` maps a code to its name, e.g. ``tui.config_aws.region_names()``.
    """

    def __init__(self, regions: Sequence[str], current: str, *, details: Mapping[str, str] | None = None) -> None:
        listed = list(regions) if current in regions else [current, *regions]
        super().__init__("Switch region", listed, current, details=details)

    def typed_choice(self, query: str) -> str | None:
        code = query.lower()
        return code if _REGION_CODE.match(code) else None

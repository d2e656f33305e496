"""Small dialogs: a one-line prompt, and a choice from a short list."""

from __future__ import annotations

from typing import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 70;
    max-width: 95%;
    height: auto;
    max-height: 80%;
    border: round $accent;
    border-title-color: $accent;
    background: $surface;
    padding: 0 1;
}}
{name} Label {{
    color: $foreground-muted;
    margin-bottom: 1;
}}
"""


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; Enter answers it, Esc answers None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PromptScreen")
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, hint: str, value: str = "") -> None:
        super().__init__()
        self._title = title
        self._hint = hint
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._title
            yield Label(self._hint, markup=False)
            yield Input(value=self._value, select_on_focus=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few named things with the arrows and Enter; Esc answers None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ChoiceScreen")
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, hint: str, choices: Sequence[tuple[str, str]]) -> None:
        """``choices`` are (value, label) pairs."""
        super().__init__()
        self._title = title
        self._hint = hint
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._title
            yield Label(self._hint, markup=False)
            yield OptionList(*(Option(Content(label), id=value) for value, label in self._choices))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

"""``DiagnosisScreen``: why ECS Exec cannot work (or might not), one finding per check.

Each finding shows ✓ / ! / ✗, its title, the cause (AWS's own words where it has some) and
the fix, with the command that fixes it when there is one: **c** copies the command of the
focused finding (else the first one offered), **r** dismisses with ``"retry"``, Esc with None.
All text is shown as plain text, never as markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.exec.findings import Diagnosis, Finding

ICONS = {"ok": "✓", "warn": "!", "fail": "✗"}
ORDER = {"fail": 0, "warn": 1, "ok": 2}
RETRY = "retry"


class FindingView(Vertical, can_focus=True):
    """One finding; focus it to pick which command ``c`` copies."""

    DEFAULT_CSS = """
    FindingView {
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
    }
    FindingView.-ok {
        margin-bottom: 0;
    }
    FindingView:focus {
        background: $boost;
    }
    FindingView > .finding-title {
        text-style: bold;
    }
    FindingView.-ok > .finding-title {
        color: $success;
    }
    FindingView.-warn > .finding-title {
        color: $warning;
    }
    FindingView.-fail > .finding-title {
        color: $error;
    }
    FindingView > .finding-cause {
        color: $foreground;
        padding-left: 2;
    }
    FindingView > .finding-fix {
        color: $foreground;
        padding-left: 2;
    }
    FindingView > .finding-command {
        color: $accent;
        background: $surface;
        margin-left: 2;
        padding: 0 1;
    }
    """

    def __init__(self, finding: Finding) -> None:
        super().__init__(classes=f"-{finding.severity}")
        self.finding = finding

    def compose(self) -> ComposeResult:
        finding = self.finding
        yield Static(f"{ICONS[finding.severity]} {finding.title}", classes="finding-title", markup=False)
        if finding.cause:
            yield Static(finding.cause, classes="finding-cause", markup=False)
        if finding.fix:
            yield Static(f"Fix: {finding.fix}", classes="finding-fix", markup=False)
        if finding.command:
            yield Static(finding.command, classes="finding-command", markup=False)


class DiagnosisScreen(ModalScreen[str | None]):
    """The findings of one Diagnosis, problems first."""

    DEFAULT_CSS = """
    DiagnosisScreen {
        align: center middle;
    }
    DiagnosisScreen > #diagnosis-dialog {
        width: 90%;
        max-width: 110;
        height: auto;
        max-height: 90%;
        background: $panel;
        border: round $primary;
        padding: 0 1;
    }
    DiagnosisScreen #diagnosis-title {
        text-style: bold;
        color: $foreground;
    }
    DiagnosisScreen #diagnosis-summary {
        color: $foreground-muted;
        margin-bottom: 1;
    }
    DiagnosisScreen #diagnosis-findings {
        height: auto;
        max-height: 1fr;
    }
    DiagnosisScreen #diagnosis-keys {
        color: $foreground-muted;
    }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="diagnosis.close"),
        Binding("r", "retry", "Retry", id="diagnosis.retry"),
        Binding("c", "copy_command", "Copy command", id="diagnosis.copy"),
        Binding("down,j", "app.focus_next", "Next", show=False),
        Binding("up,k", "app.focus_previous", "Previous", show=False),
    ]

    def __init__(self, diagnosis: Diagnosis, *, title: str = "ECS Exec checks") -> None:
        super().__init__()
        self.diagnosis = diagnosis
        self.title_text = title

    def compose(self) -> ComposeResult:
        findings = sorted(self.diagnosis.findings, key=lambda f: ORDER[f.severity])
        with Vertical(id="diagnosis-dialog"):
            yield Static(self.title_text, id="diagnosis-title", markup=False)
            yield Static(self.diagnosis.summary, id="diagnosis-summary", markup=False)
            with VerticalScroll(id="diagnosis-findings", can_focus=False):
                for finding in findings:
                    yield FindingView(finding)
            keys = "c copy command · r retry · esc close" if self.offered_command() else "r retry · esc close"
            yield Static(keys, id="diagnosis-keys", markup=False)

    def on_mount(self) -> None:
        views = list(self.query(FindingView))
        first = next((v for v in views if v.finding.command), views[0] if views else None)
        if first is not None:
            first.focus()

    def offered_command(self) -> str | None:
        """The command ``c`` copies: the focused finding's, else the first problem's."""
        focused = self.focused
        if isinstance(focused, FindingView) and focused.finding.command:
            return focused.finding.command
        ordered = sorted(self.diagnosis.findings, key=lambda f: ORDER[f.severity])
        return next((f.command for f in ordered if f.command), None)

    def action_copy_command(self) -> None:
        command = self.offered_command()
        if command is None:
            self.notify("No command to copy for this diagnosis.", severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(command)
        self.notify(f"Copied: {command}", markup=False)

    def action_retry(self) -> None:
        self.dismiss(RETRY)

    def action_close(self) -> None:
        self.dismiss(None)

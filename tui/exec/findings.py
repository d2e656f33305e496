"""What a diagnosis says: findings with a severity, a cause, a fix and maybe a command to run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["ok", "warn", "fail"]


@dataclass(frozen=True)
class Finding:
    """One check's verdict. ``command`` is a shell command that fixes it, when there is one.

    All text is plain (never markup); AWS's own wording is kept verbatim where it is quoted.
    """

    check_id: str
    severity: Severity
    title: str
    cause: str = ""
    fix: str = ""
    command: str | None = None


@dataclass(frozen=True)
class Diagnosis:
    findings: tuple[Finding, ...]
    summary: str

    @property
    def blocking(self) -> bool:
        """True when some finding says exec cannot work as things are."""
        return any(f.severity == "fail" for f in self.findings)

    @property
    def problems(self) -> tuple[Finding, ...]:
        """The failing findings first, then the warnings."""
        return tuple(f for f in self.findings if f.severity == "fail") + tuple(
            f for f in self.findings if f.severity == "warn"
        )

    def finding(self, check_id: str) -> Finding | None:
        return next((f for f in self.findings if f.check_id == check_id), None)


def summarise(findings: Sequence[Finding], *, ready: str = "ECS Exec should work: every check passed.") -> Diagnosis:
    """A Diagnosis whose summary counts what must be fixed and what should be."""
    failures = sum(1 for f in findings if f.severity == "fail")
    warnings = sum(1 for f in findings if f.severity == "warn")
    if failures:
        summary = f"ECS Exec cannot work yet: {_count(failures, 'problem')} to fix"
        summary += f", {_count(warnings, 'warning')}." if warnings else "."
    elif warnings:
        summary = f"ECS Exec should work, with {_count(warnings, 'warning')}."
    else:
        summary = ready
    return Diagnosis(tuple(findings), summary)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

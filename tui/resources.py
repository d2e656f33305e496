"""Where the app's bundled files are, in a checkout and in an installed wheel alike."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def styles_dir() -> Path:
    """The folder of Textual stylesheets.

    A wheel carries them inside the package (``tui/styles``); a checkout, or an
    editable install of it, keeps them at the top level (``styles/``).
    """
    for candidate in (_PACKAGE_DIR / "styles", _PACKAGE_DIR.parent / "styles"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("ecs-tui's stylesheets are missing from this installation")

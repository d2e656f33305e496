"""The user's settings file: theme, refresh interval, default shell, session client, key overrides.

Where it lives: ``$ECS_TUI_CONFIG`` when set, else ``$XDG_CONFIG_HOME/ecs-tui/config.toml``
when ``XDG_CONFIG_HOME`` is set (to an absolute path), else platformdirs' user config folder
(``~/.config/ecs-tui/config.toml`` on Linux, ``~/Library/Application Support/ecs-tui/config.toml``
on macOS, ``%LOCALAPPDATA%\\ecs-tui\\config.toml`` on Windows).

The file is TOML; every setting is optional::

    theme = "nord"             # a Textual theme name; picking a theme in the app saves it here
    refresh_seconds = 10       # auto-refresh interval in seconds: 0 turns it off, else 2 to 3600
    default_shell = "/bin/sh"  # the command ECS Exec runs in a container
    session_client = "auto"    # "auto", "plugin" (session-manager-plugin) or "builtin"
    read_only = false          # true: browse only, no action that changes ECS

    [keys]                     # binding id = "key" or "key1,key2" (Textual key names)
    switch_region = "ctrl+r"

A missing file means defaults. A file that is not valid TOML, or a setting with the wrong
type, an unknown name or a bad value, never stops the app: that part falls back to its
default and ``load_config`` returns one message per problem, naming the file (and the line
when it can tell). ECS throttles reads per account and Region (see ``tui.aws.limits``), so
the refresh interval has a floor and defaults to 10 s.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tempfile
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import platformdirs

CONFIG_ENV = "ECS_TUI_CONFIG"
APP_DIR_NAME = "ecs-tui"
CONFIG_FILE_NAME = "config.toml"
MIN_REFRESH_SECONDS = 2.0
MAX_REFRESH_SECONDS = 3600.0
SESSION_CLIENTS = ("auto", "plugin", "builtin")
KEYS_TABLE = "keys"


@dataclass(frozen=True)
class AppConfig:
    """Settings from the config file; ``keys`` maps binding ids to key lists for ``App.set_keymap``."""

    theme: str = "textual-dark"
    refresh_seconds: float = 10.0
    default_shell: str = "/bin/sh"
    session_client: str = "auto"
    read_only: bool = False
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", MappingProxyType(dict(self.keys)))


class ConfigSaveError(Exception):
    """The settings could not be written; ``str(error)`` is the one line to show."""


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the settings file is (it may not exist yet)."""
    env = os.environ if environ is None else environ
    override = env.get(CONFIG_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    xdg_home = env.get("XDG_CONFIG_HOME", "").strip()
    if xdg_home and Path(xdg_home).is_absolute():
        return Path(xdg_home) / APP_DIR_NAME / CONFIG_FILE_NAME
    return platformdirs.user_config_path(APP_DIR_NAME, appauthor=False) / CONFIG_FILE_NAME


# Loading ---------------------------------------------------------------------------------------

def load_config(path: Path, *, themes: Collection[str] | None = None) -> tuple[AppConfig, list[str]]:
    """The settings in ``path`` and one message per problem found; never raises.

    ``themes``: the theme names the app knows (e.g. ``App.available_themes``); when given,
    any other theme name is a problem. When omitted the theme name is not checked.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return AppConfig(), []
    except OSError as error:
        return AppConfig(), [f"{path}: cannot read it ({error.strerror or error}); using the default settings."]
    try:
        text = raw.decode("utf-8")
        document = tomllib.loads(text)
    except UnicodeDecodeError:
        return AppConfig(), [f"{path}: not UTF-8 text; using the default settings."]
    except tomllib.TOMLDecodeError as error:
        return AppConfig(), [f"{path}: not valid TOML: {error}; using the default settings."]
    return _read_document(document, _Locator(path, text), themes)


class _Locator:
    """Names a setting's place in the file for messages: ``path, line N`` when the line is found."""

    _TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self._lines = text.splitlines()

    def where(self, key: str, table: str | None = None) -> str:
        line = self._line_of(key, table)
        return f"{self.path}, line {line}" if line else str(self.path)

    def _line_of(self, key: str, table: str | None) -> int | None:
        assignment = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
        current: str | None = None
        for number, line in enumerate(self._lines, start=1):
            header = self._TABLE.match(line)
            if header:
                current = header.group(1).strip("\"'")
                if current == key and table is None:
                    return number
            elif current == table and assignment.match(line):
                return number
        return None


def _read_document(
    document: Mapping[str, Any], locator: _Locator, themes: Collection[str] | None
) -> tuple[AppConfig, list[str]]:
    defaults = AppConfig()
    known = [item.name for item in fields(AppConfig)]
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in document.items():
        if name not in known:
            hint = difflib.get_close_matches(name, known, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            problems.append(f"{locator.where(name)}: unknown setting {name!r}{suggestion}; ignored.")
            continue
        if name == KEYS_TABLE:
            keys, key_problems = _read_keys(value, locator)
            values[name] = keys
            problems.extend(key_problems)
            continue
        problem = _check_setting(name, value, themes)
        if problem is None:
            values[name] = float(value) if name == "refresh_seconds" else value
        else:
            default = getattr(defaults, name)
            problems.append(f"{locator.where(name)}: {name} {problem}; using the default {_toml_value(default)}.")
    return replace(defaults, **values), problems


def _check_setting(name: str, value: Any, themes: Collection[str] | None) -> str | None:
    """Why ``value`` is not good for setting ``name``, or None when it is."""
    if name == "read_only":
        return None if isinstance(value, bool) else f"must be true or false, not {_describe(value)}"
    if name == "refresh_seconds":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"must be a number of seconds, not {_describe(value)}"
        if value != 0 and not MIN_REFRESH_SECONDS <= value <= MAX_REFRESH_SECONDS:
            return (
                f"must be 0 (off) or from {MIN_REFRESH_SECONDS:g} to {MAX_REFRESH_SECONDS:g} seconds, "
                f"not {value!r}"
            )
        return None
    if not isinstance(value, str):
        return f"must be a string, not {_describe(value)}"
    if name == "session_client" and value not in SESSION_CLIENTS:
        return f"must be one of {', '.join(map(repr, SESSION_CLIENTS))}, not {value!r}"
    if name == "theme" and themes is not None and value not in themes:
        hint = difflib.get_close_matches(value, list(themes), n=1)
        return f"{value!r} is not a known theme" + (f" (did you mean {hint[0]!r}?)" if hint else "")
    if not value.strip() or any(not character.isprintable() for character in value):
        return f"must be printable text, not {value!r}"
    return None


def _read_keys(table: Any, locator: _Locator) -> tuple[dict[str, str], list[str]]:
    if not isinstance(table, dict):
        return {}, [f"{locator.where(KEYS_TABLE)}: {KEYS_TABLE} must be a table ([{KEYS_TABLE}]), not {_describe(table)}; ignored."]
    keys: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in table.items():
        where = locator.where(binding_id, KEYS_TABLE)
        if not isinstance(value, str):
            problems.append(f"{where}: key for {binding_id!r} must be a string like \"ctrl+r\", not {_describe(value)}; ignored.")
        elif not all(part.strip() for part in value.split(",")) or not value.isprintable():
            problems.append(f"{where}: {value!r} for {binding_id!r} is not a comma-separated list of key names; ignored.")
        else:
            keys[binding_id] = ",".join(part.strip() for part in value.split(","))
    return keys, problems


def _describe(value: Any) -> str:
    """How a TOML value reads in a message: its kind, and the value itself when it is short."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the boolean {_toml_value(value)}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {_toml_string(value)}"
    return f"the {type(value).__name__} {value}"


# Saving ----------------------------------------------------------------------------------------

def save_config(config: AppConfig, path: Path) -> None:
    """Write every setting to ``path`` as TOML, atomically (a temporary file renamed over it).

    Creates the folder. Raises ConfigSaveError with one line when the file cannot be written.
    """
    text = render_config(config)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise ConfigSaveError(f"Cannot save the settings to {path}: {error.strerror or error}.") from None


def render_config(config: AppConfig) -> str:
    """The TOML text of ``config``: flat settings, then the [keys] table."""
    lines = [
        "# ecs-tui settings; the format is described in the tui.config module docstring.",
        f"theme = {_toml_value(config.theme)}",
        f"refresh_seconds = {_toml_value(config.refresh_seconds)}",
        f"default_shell = {_toml_value(config.default_shell)}",
        f"session_client = {_toml_value(config.session_client)}",
        f"read_only = {_toml_value(config.read_only)}",
        "",
        f"[{KEYS_TABLE}]",
    ]
    lines.extend(f"{_toml_key(binding_id)} = {_toml_value(keys)}" for binding_id, keys in sorted(config.keys.items()))
    return "\n".join(lines) + "\n"


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def _toml_value(value: bool | int | float | str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(f"TOML settings hold finite numbers only, not {value}")
        return repr(value)
    return _toml_string(value)


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = "".join(
        _ESCAPES.get(character)
        or (f"\\u{ord(character):04x}" if ord(character) < 0x20 or ord(character) == 0x7F else character)
        for character in text
    )
    return f'"{escaped}"'

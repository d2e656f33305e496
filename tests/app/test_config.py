"""The settings file: where it lives, reading it (every kind of mistake), writing it atomically."""

from __future__ import annotations

import os
import sys
import stat
import tomllib
from pathlib import Path

import pytest

from tui.config import (
    AppConfig,
    ConfigSaveError,
    config_path,
    load_config,
    render_config,
    save_config,
)

THEMES = ("textual-dark", "textual-light", "nord", "gruvbox")
GOOD_VALUES = {"session_client": "plugin", "theme": "gruvbox"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


# Where the file lives ----------------------------------------------------------------------------


def test_ecs_tui_config_variable_wins(tmp_path: Path) -> None:
    environ = {"ECS_TUI_CONFIG": "~/elsewhere/settings.toml", "XDG_CONFIG_HOME": str(tmp_path)}
    assert config_path(environ) == Path("~/elsewhere/settings.toml").expanduser()


def test_xdg_config_home_is_honoured(tmp_path: Path) -> None:
    assert config_path({"XDG_CONFIG_HOME": str(tmp_path / "xdg")}) == tmp_path / "xdg" / "ecs-tui" / "config.toml"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fallback folder is platform specific")
@pytest.mark.parametrize("xdg", [None, "", "relative/dir"])
def test_without_usable_xdg_config_home_linux_uses_dot_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdg: str | None
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    environ = {} if xdg is None else {"XDG_CONFIG_HOME": xdg}
    assert config_path(environ) == tmp_path / ".config" / "ecs-tui" / "config.toml"


def test_blank_override_is_ignored(tmp_path: Path) -> None:
    environ = {"ECS_TUI_CONFIG": "  ", "XDG_CONFIG_HOME": str(tmp_path)}
    assert config_path(environ) == tmp_path / "ecs-tui" / "config.toml"


def test_config_path_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ECS_TUI_CONFIG", str(tmp_path / "mine.toml"))
    assert config_path() == tmp_path / "mine.toml"


# Reading ------------------------------------------------------------------------------------------


def test_missing_file_gives_defaults_and_no_problem(tmp_path: Path) -> None:
    assert load_config(tmp_path / "absent.toml", themes=THEMES) == (AppConfig(), [])


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        theme = "nord"
        refresh_seconds = 30
        default_shell = "/bin/bash"
        session_client = "builtin"
        read_only = true

        [keys]
        switch_region = "ctrl+r, f4"
        "app.quit" = "ctrl+q"
        """,
    )
    config, problems = load_config(path, themes=THEMES)
    assert problems == []
    assert config == AppConfig(
        theme="nord",
        refresh_seconds=30.0,
        default_shell="/bin/bash",
        session_client="builtin",
        read_only=True,
        keys={"switch_region": "ctrl+r,f4", "app.quit": "ctrl+q"},
    )
    assert isinstance(config.refresh_seconds, float)


@pytest.mark.parametrize("seconds", [0, 2, 2.5, 3600])
def test_refresh_interval_limits_that_are_accepted(tmp_path: Path, seconds: float) -> None:
    config, problems = load_config(write(tmp_path, f"refresh_seconds = {seconds}\n"))
    assert problems == []
    assert config.refresh_seconds == seconds


def test_malformed_toml_gives_defaults_and_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\nrefresh_seconds = = 3\n')
    config, problems = load_config(path, themes=THEMES)
    assert config == AppConfig()
    assert len(problems) == 1
    assert str(path) in problems[0]
    assert "not valid TOML" in problems[0] and "line 2" in problems[0]
    assert "default settings" in problems[0]


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff\xfe"\n')
    config, problems = load_config(path)
    assert config == AppConfig()
    assert problems == [f"{path}: not UTF-8 text; using the default settings."]


def test_unreadable_path_is_a_message(tmp_path: Path) -> None:
    folder = tmp_path / "config.toml"
    folder.mkdir()
    config, problems = load_config(folder)
    assert config == AppConfig()
    assert len(problems) == 1 and problems[0].startswith(f"{folder}: cannot read it")


@pytest.mark.parametrize(
    ("line", "setting", "expected"),
    [
        ('theme = 3', "theme", "theme must be a string, not the number 3"),
        ('theme = "nrod"', "theme", "theme 'nrod' is not a known theme (did you mean 'nord'?)"),
        ('theme = ""', "theme", "theme '' is not a known theme"),
        ('refresh_seconds = "10"', "refresh_seconds", 'must be a number of seconds, not the string "10"'),
        ("refresh_seconds = true", "refresh_seconds", "must be a number of seconds, not the boolean true"),
        ("refresh_seconds = -1", "refresh_seconds", "must be 0 (off) or from 2 to 3600 seconds, not -1"),
        ("refresh_seconds = 1.5", "refresh_seconds", "not 1.5"),
        ("refresh_seconds = 86400", "refresh_seconds", "not 86400"),
        ("refresh_seconds = nan", "refresh_seconds", "not nan"),
        ("refresh_seconds = inf", "refresh_seconds", "not inf"),
        ("default_shell = []", "default_shell", "default_shell must be a string, not a list"),
        ('default_shell = "  "', "default_shell", "must be printable text"),
        ('default_shell = "/bin/sh\\n"', "default_shell", "must be printable text"),
        ('session_client = "ssh"', "session_client", "must be one of 'auto', 'plugin', 'builtin', not 'ssh'"),
        ('read_only = "yes"', "read_only", 'must be true or false, not the string "yes"'),
        ("read_only = 1979-05-27", "read_only", "must be true or false, not the date 1979-05-27"),
    ],
)
def test_bad_value_falls_back_to_its_default_with_one_message(
    tmp_path: Path, line: str, setting: str, expected: str
) -> None:
    good_setting, good_value = next(item for item in GOOD_VALUES.items() if item[0] != setting)
    path = write(tmp_path, f'# my settings\n{good_setting} = "{good_value}"\n{line}\n')
    config, problems = load_config(path, themes=THEMES)
    assert config == AppConfig(**{good_setting: good_value})
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}, line 3: ")
    assert expected in problems[0]
    assert "using the default" in problems[0]


def test_theme_is_not_checked_without_a_theme_list(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, 'theme = "my-own"\n'))
    assert (config.theme, problems) == ("my-own", [])


def test_unknown_settings_are_ignored_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, 'refresh_seconds = 20\nrefresh_second = 5\n\n[colors]\nred = "#f00"\n')
    config, problems = load_config(path)
    assert config == AppConfig(refresh_seconds=20.0)
    assert problems == [
        f"{path}, line 2: unknown setting 'refresh_second' (did you mean 'refresh_seconds'?); ignored.",
        f"{path}, line 4: unknown setting 'colors'; ignored.",
    ]


def test_bad_key_overrides_are_dropped_one_by_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[keys]\nswitch_region = "ctrl+r"\nswitch_profile = 5\nrefresh = "r,,f5"\nquit = ""\n',
    )
    config, problems = load_config(path)
    assert dict(config.keys) == {"switch_region": "ctrl+r"}
    assert problems == [
        f"{path}, line 3: key for 'switch_profile' must be a string like \"ctrl+r\", not the number 5; ignored.",
        f"{path}, line 4: 'r,,f5' for 'refresh' is not a comma-separated list of key names; ignored.",
        f"{path}, line 5: '' for 'quit' is not a comma-separated list of key names; ignored.",
    ]


def test_keys_that_is_not_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, 'keys = "ctrl+r"\n')
    config, problems = load_config(path)
    assert config == AppConfig()
    assert problems == [f'{path}, line 1: keys must be a table ([keys]), not the string "ctrl+r"; ignored.']


def test_problem_without_a_findable_line_names_the_file_only(tmp_path: Path) -> None:
    path = write(tmp_path, "keys = { switch_region = 3 }\n")
    _, problems = load_config(path)
    assert problems == [f'{path}: key for \'switch_region\' must be a string like "ctrl+r", not the number 3; ignored.']


def test_several_problems_keep_the_good_settings(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "gruvbox"\nrefresh_seconds = -5\nread_only = true\ndefault_shell = 0\n')
    config, problems = load_config(path, themes=THEMES)
    assert config == AppConfig(theme="gruvbox", read_only=True)
    assert [problem.split(": ")[0] for problem in problems] == [f"{path}, line 2", f"{path}, line 4"]


def test_config_is_immutable() -> None:
    config = AppConfig(keys={"a": "b"})
    with pytest.raises(TypeError):
        config.keys["a"] = "c"  # type: ignore[index]
    with pytest.raises(AttributeError):
        config.theme = "nord"  # type: ignore[misc]


# Writing ------------------------------------------------------------------------------------------

ODD_TEXT = 'quote " backslash \\ tab \t newline \n bell \x07 delete \x7f unicode é ☃ 𝄞'


@pytest.mark.parametrize(
    "config",
    [
        AppConfig(),
        AppConfig(
            theme="catppuccin-mocha",
            refresh_seconds=0.0,
            default_shell="/usr/bin/env bash -l",
            session_client="plugin",
            read_only=True,
            keys={"switch_region": "ctrl+r,f4", "app.quit": "ctrl+q", "with space": "x", ODD_TEXT: "y"},
        ),
        AppConfig(theme=ODD_TEXT, default_shell=ODD_TEXT, refresh_seconds=1e-05, keys={"k": ODD_TEXT}),
        AppConfig(refresh_seconds=12345678901234.5),
    ],
)
def test_rendered_toml_parses_back_to_the_same_values(config: AppConfig) -> None:
    document = tomllib.loads(render_config(config))
    assert document == {
        "theme": config.theme,
        "refresh_seconds": config.refresh_seconds,
        "default_shell": config.default_shell,
        "session_client": config.session_client,
        "read_only": config.read_only,
        "keys": dict(config.keys),
    }


def test_save_then_load_round_trip_creating_folders(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "config.toml"
    config = AppConfig(theme="nord", refresh_seconds=0.0, session_client="builtin", keys={"switch_profile": "f2"})
    save_config(config, path)
    assert load_config(path, themes=THEMES) == (config, [])
    assert [item.name for item in path.parent.iterdir()] == ["config.toml"]


def test_save_replaces_the_file_atomically(tmp_path: Path) -> None:
    folder = tmp_path / "settings"
    folder.mkdir()
    path = folder / "config.toml"
    path.write_text('theme = "gruvbox"\n')
    kept = path.open("rb")  # a reader holding the old file keeps seeing it whole
    try:
        old_inode = os.stat(path).st_ino
        save_config(AppConfig(theme="nord"), path)
        assert os.stat(path).st_ino != old_inode
        assert kept.read() == b'theme = "gruvbox"\n'
    finally:
        kept.close()
    assert load_config(path)[0].theme == "nord"
    assert sorted(item.name for item in folder.iterdir()) == ["config.toml"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_save_into_read_only_folder_is_one_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "config.toml").write_text('theme = "gruvbox"\n')
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ConfigSaveError, match=r"^Cannot save the settings to .*config\.toml: Permission denied\.$"):
            save_config(AppConfig(theme="nord"), folder / "config.toml")
        assert (folder / "config.toml").read_text() == 'theme = "gruvbox"\n'
        assert sorted(item.name for item in folder.iterdir()) == ["config.toml"]
    finally:
        folder.chmod(stat.S_IRWXU)


def test_save_where_a_file_blocks_the_folder_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "ecs-tui"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigSaveError, match=r"^Cannot save the settings to .*ecs-tui/config\.toml: "):
        save_config(AppConfig(), blocker / "config.toml")


def test_failed_write_leaves_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "settings"
    folder.mkdir()
    path = folder / "config.toml"
    path.write_text('theme = "gruvbox"\n')

    def fail_replace(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail_replace)
    with pytest.raises(ConfigSaveError, match="No space left on device"):
        save_config(AppConfig(theme="nord"), path)
    assert path.read_text() == 'theme = "gruvbox"\n'
    assert sorted(item.name for item in folder.iterdir()) == ["config.toml"]

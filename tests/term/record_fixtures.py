"""Record the output bytes of real programs for the conformance tests.

Run by hand (``python -m tests.term.record_fixtures``) when a fixture must change; the tests only
read the files. Each program runs on an 80x24 pty with TERM=xterm-256color; the bytes it writes
up to each checkpoint go to ``fixtures/<program>.<n>.<checkpoint>.bin``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pexpect

FIXTURES = Path(__file__).parent / "fixtures"
COLUMNS, ROWS = 80, 24
PROGRAMS = Path(__file__).parent / "programs"

SAMPLE_PY = "".join(
    f"def function_{i}(value: int) -> int:\n    \"\"\"Docstring {i}.\"\"\"\n    return value * {i}  # comment {i}\n\n"
    for i in range(12)
)
SAMPLE_LOG = "".join(
    f"\x1b[3{i % 7 + 1}mline {i:03d}\x1b[0m " + ("long " * (i % 25)) + f"needle{i % 10}\n" for i in range(120)
)

# program name -> (argv, [(checkpoint name, keys to send before it)])
SCRIPTS: dict[str, tuple[list[str], list[tuple[str, str]]]] = {
    "vim": (
        ["vim", "-u", "NONE", "-i", "NONE", "-N", "-n", "{dir}/sample.py"],
        [
            ("open", ""),
            ("edit", ":syntax on\r:set number\rjjwcwEDITED\x1bo    added_line = 1\x1b3Gdd"),
            ("quit", ":wq\r"),
        ],
    ),
    "less": (
        ["less", "-R", "{dir}/sample.log"],
        [("open", ""), ("end", "G"), ("search", "/needle7\r"), ("quit", "q")],
    ),
    "top": (["top", "-d", "0.5"], [("screen", ""), ("quit", "q")]),
    "colours": ([sys.executable, str(PROGRAMS / "colours.py")], [("done", "")]),
    "regions": ([sys.executable, str(PROGRAMS / "regions.py")], [("alternate", ""), ("primary", "\r")]),
}


def read_until_quiet(child: pexpect.spawn, quiet: float = 0.6, limit: float = 8.0) -> bytes:
    data = bytearray()
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            data += child.read_nonblocking(65536, timeout=quiet)
        except pexpect.TIMEOUT:
            break
        except pexpect.EOF:
            break
    return bytes(data)


def record(name: str, workdir: str) -> None:
    argv, steps = SCRIPTS[name]
    argv = [a.format(dir=workdir) for a in argv]
    env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    child = pexpect.spawn(argv[0], argv[1:], env=env, cwd=workdir, dimensions=(ROWS, COLUMNS))
    for index, (checkpoint, keys) in enumerate(steps):
        for key in keys:
            child.send(key)
            time.sleep(0.02)
        data = read_until_quiet(child)
        (FIXTURES / f"{name}.{index}.{checkpoint}.bin").write_bytes(data)
    child.close(force=True)


def main(names: list[str]) -> int:
    FIXTURES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        Path(workdir, "sample.py").write_text(SAMPLE_PY)
        Path(workdir, "sample.log").write_text(SAMPLE_LOG)
        for name in names or list(SCRIPTS):
            record(name, workdir)
            print("recorded", name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

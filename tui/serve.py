"""``ecs-tui serve``: the app in a web browser through textual-serve, one app process per page.

Whatever is served runs read-only, and ECS Exec stays off unless ``--allow-exec`` is given:
textual-serve has no authentication and no TLS, so anyone who reaches the port gets the app
under the serving user's identity (AWS credentials included).
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PAGE_TITLE = "ecs-tui"

DESCRIPTION = """\
Serve ecs-tui to web browsers (textual-serve): every page that connects gets its own app
process. The served app is always read-only; ECS Exec is off unless --allow-exec.
Flags this command does not know go to the served app; without any, it serves --demo."""

EPILOG = """\
examples:
  ecs-tui serve                                  the demo world on http://127.0.0.1:8000
  ecs-tui serve --allow-exec                     ... with the demo's shells allowed
  ecs-tui serve --port 9000 --profile sandbox    a real (sandbox!) account, read-only

There is no authentication and no TLS: keep the default 127.0.0.1, or put the server behind
a reverse proxy that adds both (then pass --host and --public-url)."""


class ServeUsageError(Exception):
    """A flag that cannot work; ``str(error)`` is the one line to show."""


@dataclass(frozen=True)
class ServePlan:
    """What ``ecs-tui serve`` will do: where it listens, the URL it prints, the app it runs per page."""

    host: str
    port: int
    public_url: str
    app_args: tuple[str, ...]

    @property
    def command(self) -> str:
        """The shell command textual-serve runs for each browser connection."""
        return served_command(self.app_args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ecs-tui serve",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on (default: %(default)s)")
    parser.add_argument(
        "--public-url",
        help="the URL browsers use to reach this server, e.g. behind a reverse proxy (default: http://HOST:PORT)",
    )
    parser.add_argument(
        "--allow-exec",
        action="store_true",
        help="let visitors open ECS Exec shells (in the demo world: /bin/sh on this machine as you)",
    )
    return parser


def served_app_args(app_args: Sequence[str], *, allow_exec: bool) -> tuple[str, ...]:
    """The served app's flags: the demo world unless told otherwise, always read-only."""
    args = list(app_args) or ["--demo"]
    if "--read-only" not in args:
        args.append("--read-only")
    if allow_exec:
        args.append("--allow-exec")
    return tuple(args)


def served_command(app_args: Sequence[str]) -> str:
    """``python -m tui ARGS`` with this very interpreter, quoted for the shell textual-serve uses."""
    return shlex.join([sys.executable, "-m", "tui", *app_args])


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def exposure_warning(host: str, *, allow_exec: bool) -> str | None:
    """The warning to print when ``host`` lets other machines in; None on loopback."""
    if is_loopback(host):
        return None
    shells = (
        " With --allow-exec they can also open shells, as this user, on this machine or in your containers."
        if allow_exec
        else ""
    )
    return (
        f"WARNING: listening on {host}, which other machines can reach. textual-serve has no "
        "authentication and no TLS: anyone who reaches the port gets ecs-tui with this user's AWS "
        f"identity.{shells} Put it behind a reverse proxy with TLS and a login, or use --host 127.0.0.1."
    )


def make_plan(argv: Sequence[str]) -> ServePlan:
    """Read ``ecs-tui serve`` flags; the rest must be flags the app accepts. Raises ServeUsageError."""
    args, app_args = build_parser().parse_known_args(list(argv))
    if not 0 < args.port < 65536:
        raise ServeUsageError(f"--port must be between 1 and 65535, not {args.port}")
    plan_args = served_app_args(app_args, allow_exec=args.allow_exec)
    _check_app_args(plan_args)
    host_in_url = f"[{args.host}]" if ":" in args.host else args.host
    public_url = (args.public_url or f"http://{host_in_url}:{args.port}").rstrip("/")
    return ServePlan(host=args.host, port=args.port, public_url=public_url, app_args=plan_args)


def _check_app_args(app_args: Sequence[str]) -> None:
    """Refuse here, once, what every browser connection's app would refuse."""
    from tui.cli import build_parser as app_parser

    def refuse(message: str) -> NoReturn:
        raise ServeUsageError(f"for the served app: {message}")

    parser = app_parser()
    parser.error = refuse  # type: ignore[method-assign]
    served = parser.parse_args(list(app_args))
    if served.service and not served.cluster:
        refuse("--service needs --cluster")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        plan = make_plan(sys.argv[1:] if argv is None else argv)
    except ServeUsageError as error:
        print(f"ecs-tui serve: {error}", file=sys.stderr)
        return 2
    except SystemExit as exit_:  # --help, or argparse already printed the usage and the problem
        return int(exit_.code or 0)
    try:
        from textual_serve.server import Server
    except ImportError:
        print("ecs-tui serve: textual-serve is not installed (pip install textual-serve)", file=sys.stderr)
        return 1
    warning = exposure_warning(plan.host, allow_exec="--allow-exec" in plan.app_args)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    print(f"Serving ecs-tui {shlex.join(plan.app_args)} on {plan.public_url}  (Ctrl+C stops)", flush=True)
    server = Server(plan.command, host=plan.host, port=plan.port, title=PAGE_TITLE, public_url=plan.public_url)
    try:
        server.serve()
    except OSError as error:
        print(f"ecs-tui serve: cannot listen on {plan.host}:{plan.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""ecs-tui-session: a stand-in for session-manager-plugin with the same command line.

    ecs-tui-session SESSION REGION StartSession PROFILE PARAMETERS [ENDPOINT]
    ecs-tui-session --version
    ecs-tui-session                    (prints an install banner, exits 0)

SESSION is the ExecuteCommand/StartSession session JSON, or the name of an environment
variable starting with AWS_SSM_START_SESSION_RESPONSE that holds it. It speaks the
Session Manager data-channel protocol itself: no SigV4-signed upgrade, no KMS
encryption, no ResumeSession; enough for the ecs-tui simulator and plain shell sessions.

Unlike the plugin, which exits 0 in every case and hangs when the connection drops,
the exit status says how the session ended:

    0   the agent closed the session (channel_closed)
    2   bad arguments or session JSON
    3   the session could not start (connection refused, token rejected, handshake refused)
    4   the connection was lost during the session
    128+N   ended here by signal N (SIGTERM, SIGHUP)

Environment: ECS_TUI_SESSION_HEARTBEAT, seconds of silence before the endpoint is
pinged (default 5); with no pong within half that, the connection counts as lost.
"""

from __future__ import annotations

import os
import sys

from tui import __version__
from tui.ssm.arguments import ArgumentError, SessionInfo, parse_arguments

EXIT_CLOSED = 0
EXIT_USAGE = 2
EXIT_NOT_STARTED = 3
EXIT_LOST = 4

HEARTBEAT_ENV = "ECS_TUI_SESSION_HEARTBEAT"
DEFAULT_HEARTBEAT_SECONDS = 5.0

INSTALL_BANNER = (
    "\nThe ecs-tui session client was installed successfully. "
    "ecs-tui starts it in place of session-manager-plugin.\n\n"
)


def heartbeat_seconds(environ: dict[str, str] | os._Environ[str]) -> float:
    text = environ.get(HEARTBEAT_ENV, "")
    try:
        value = float(text) if text else DEFAULT_HEARTBEAT_SECONDS
    except ValueError:
        raise ArgumentError(f"{HEARTBEAT_ENV} must be a number of seconds, not {text!r}") from None
    if not 0.1 <= value <= 3600:
        raise ArgumentError(f"{HEARTBEAT_ENV} must be between 0.1 and 3600 seconds")
    return value


def main(argv: list[str] | None = None) -> int:
    """Run like session-manager-plugin; ``argv`` excludes the program name (default sys.argv[1:])."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        sys.stdout.write(INSTALL_BANNER)
        return 0
    if args == ["--version"]:
        sys.stdout.write(__version__ + "\n")
        return 0
    try:
        parsed = parse_arguments(args, os.environ)
        heartbeat = heartbeat_seconds(os.environ)
    except ArgumentError as error:
        sys.stderr.write(f"Cannot perform start session: {error}\n")
        return EXIT_USAGE
    try:
        return run(parsed.session, heartbeat)
    except KeyboardInterrupt:  # Ctrl-C before the session took over the terminal
        return 128 + 2


def run(session: SessionInfo, heartbeat: float) -> int:
    from tui.ssm.terminal import LocalTerminal

    terminal = LocalTerminal()
    terminal.message(f"\nStarting session with SessionId: {session.session_id}\n")
    # Imported only now: --version, the banner and the line above need no event loop or aiohttp.
    import asyncio

    from tui.ssm.session import Ending, ShellSession

    with terminal:
        shell = ShellSession(session, terminal, __version__, heartbeat)
        outcome = asyncio.run(shell.run())
    if outcome.ending is Ending.CLOSED:
        if outcome.detail:
            terminal.message(f"\n\nSessionId: {session.session_id} : {outcome.detail}\n\n")
        else:
            terminal.message(f"\n\nExiting session with sessionId: {session.session_id}.\n\n")
        return EXIT_CLOSED
    if outcome.ending is Ending.NOT_STARTED:
        terminal.message(f"\nCannot perform start session: {outcome.detail}\n")
        return EXIT_NOT_STARTED
    if outcome.ending is Ending.LOST:
        terminal.message(
            f"\n\nConnection to the session was lost: {outcome.detail}. SessionId: {session.session_id}\n\n"
        )
        return EXIT_LOST
    return 128 + outcome.signal_number


if __name__ == "__main__":
    sys.exit(main())

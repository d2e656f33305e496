"""The ``ecs-tui`` command line: parse flags, connect, run the app or the simulator."""

from __future__ import annotations

import argparse
import gc
import sys
from typing import TYPE_CHECKING, Sequence

from tui import __version__

if TYPE_CHECKING:
    from tui.head_start import HeadStart
    from tui.startup import Connection

DESCRIPTION = (
    "A terminal UI for Amazon ECS: clusters, services, tasks and containers side by side, "
    "with ECS Exec shells inside the app."
)
EPILOG = """\
commands:
  ecs-tui sim [options]   run the local ECS simulator on 127.0.0.1 and print how to use it
                          (see `ecs-tui sim --help`)
  ecs-tui serve [options] serve the app to web browsers, read-only (see `ecs-tui serve --help`)

examples:
  ecs-tui --demo                          the built-in demo world, no AWS account needed
  ecs-tui --profile prod --region eu-west-1 --cluster web
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ecs-tui",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"ecs-tui {__version__}")
    parser.add_argument("--demo", action="store_true", help="browse the built-in demo world (no AWS account needed)")
    parser.add_argument("--profile", help="AWS profile (default: AWS_PROFILE, then the default profile)")
    parser.add_argument("--region", help="AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's)")
    parser.add_argument("--endpoint-url", help="ECS endpoint URL (default: AWS_ENDPOINT_URL_ECS, AWS_ENDPOINT_URL)")
    parser.add_argument("--cluster", help="open this cluster at start")
    parser.add_argument("--service", help="open this service at start (with --cluster)")
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=None,
        help="change nothing in ECS and open no shells (for demos; also the settings file's read_only)",
    )
    parser.add_argument("--allow-exec", action="store_true", help="with --read-only: still allow ECS Exec shells")
    parser.add_argument(
        "--session-client",
        choices=("auto", "plugin", "builtin"),
        help="ECS Exec client: AWS's session-manager-plugin, or ecs-tui's built-in one (default: the settings file's)",
    )
    return parser


def tune_garbage_collection() -> None:
    """Collect less often, and never scan what start-up built; collection is back on after this.

    A Textual app makes many small objects each frame; with the default thresholds a
    flood of terminal output triggers a full collection about once a second, 25-45 ms
    each (measured by ``python -m benchmarks term``), longer than a keystroke may wait.
    """
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)
    gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["sim"]:
        from tui.sim.standalone import main as sim_main

        return sim_main(args_list[1:])
    if args_list[:1] == ["serve"]:
        from tui.serve import main as serve_main

        return serve_main(args_list[1:])

    # Start-up builds long-lived objects only: collecting while it imports (a sixth of the
    # import time, measured) is wasted work. tune_garbage_collection turns collection back on.
    gc.disable()
    args = build_parser().parse_args(args_list)
    if args.service and not args.cluster:
        print("ecs-tui: --service needs --cluster", file=sys.stderr)
        return 2

    from tui.head_start import HeadStart

    # Connecting starts first, in a child process, while this one imports the app (see tui.head_start).
    head_start = None if args.demo else HeadStart(profile=args.profile, region=args.region, endpoint_url=args.endpoint_url)
    failed: int | None = None
    try:
        from tui.startup import StartupError

        try:
            connection = open_connection(args, head_start)
            from tui.app import EcsApp
        except StartupError as error:
            print(f"ecs-tui: {error}", file=sys.stderr)
            failed = error.exit_code
    except KeyboardInterrupt:
        failed = 130
    if failed is not None:
        if head_start is not None:
            head_start.cancel()
        return failed

    tune_garbage_collection()
    try:
        app = EcsApp(
            connection,
            start_cluster=args.cluster,
            start_service=args.service,
            session_client=args.session_client,
            read_only=args.read_only,
            allow_exec=args.allow_exec,
        )
        app.run()
    finally:
        connection.close()
        if head_start is not None:
            head_start.cancel()
    return app.return_code or 0


def open_connection(args: argparse.Namespace, head_start: HeadStart | None) -> Connection:
    """The demo world's connection, or the head start's; raises StartupError when the app cannot start.

    Configuration mistakes (unknown profile, no Region) always exit at once. In a
    terminal the app then opens before the first clusters are read: a failure to
    reach AWS shows in the clusters pane, where a refresh retries and the pickers
    switch account. Anywhere else (a script, a pipe) nothing is drawn until the
    account answers, and a failure is one line and an exit code. A profile whose
    credentials may ask on the terminal (an MFA code) connects here, before the app
    draws on it.
    """
    from tui.aws.profiles import may_ask_on_the_terminal
    from tui.startup import connect, settings_for

    if head_start is None:
        return connect(demo=True)
    settings = settings_for(profile=args.profile, region=args.region, endpoint_url=args.endpoint_url)
    if may_ask_on_the_terminal(settings.profile or "default"):
        head_start.cancel()
        return connect(profile=args.profile, region=args.region, endpoint_url=args.endpoint_url)
    if sys.stdin.isatty() and sys.stdout.isatty():
        return head_start.connection_now(settings)
    return head_start.connection()

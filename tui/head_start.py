"""A head start for the first frame: a child process connects while this one loads Textual.

Start-up has two halves of about the same size: botocore's (its import, the client,
the first ListClusters and DescribeClusters calls) and Textual's (its import, the
app's modules, the first layout). One after the other they take longer than
``aws ecs list-clusters`` does; side by side, on two cores, they do not. So the
command line starts ``python -m tui.head_start`` first, hands it the flags, imports
the app meanwhile, and takes back the resolved settings and first clusters. The app
makes its own clients later, off the UI thread (see ``Connection.clients``).

Both ends are this package on the same machine and user, so answers travel
pickled over a private pipe. Credentials stay in the environment the two
processes share: nothing secret crosses the pipe or a command line.

Whenever the child cannot help (one core, it cannot start, it dies or answers
nonsense) the same work is done in a thread of this process instead.
"""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING

# Only the standard library up here: the child is started before anything heavy is imported.
if TYPE_CHECKING:
    from tui.aws.first_clusters import FirstClusters
    from tui.aws.models import ListPage
    from tui.aws.settings import ConnectionSettings
    from tui.startup import Connection


@dataclass(frozen=True)
class _Request:
    profile: str | None
    region: str | None
    endpoint_url: str | None


@dataclass(frozen=True)
class _Listed:
    page: ListPage


@dataclass(frozen=True)
class _Connected:
    settings: ConnectionSettings
    first_clusters: FirstClusters


@dataclass(frozen=True)
class _Failed:
    message: str
    exit_code: int


_Answer = _Connected | _Failed


class HeadStart:
    """Connecting to AWS, started at once in a child process; take the result as a connection.

    The child answers twice: the first ListClusters page as soon as it has it (the
    app shows those names at once), then the settings and the clusters described.
    """

    def __init__(self, *, profile: str | None, region: str | None, endpoint_url: str | None) -> None:
        self._request = _Request(profile, region, endpoint_url)
        self._page: Future[ListPage] = Future()
        self._answer: Future[_Answer] = Future()
        self._cancelled = False
        self._child = self._spawn() if (os.cpu_count() or 1) > 1 else None
        threading.Thread(target=self._settle, name="ecs-tui-head-start", daemon=True).start()

    def _spawn(self) -> subprocess.Popen[bytes] | None:
        try:
            child = subprocess.Popen(
                [sys.executable, "-m", "tui.head_start"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # whatever goes wrong there, this process finds again and says once
                start_new_session=True,  # no terminal to read: a prompt for credentials fails there, never fights the app
            )
        except OSError:
            return None
        assert child.stdin is not None
        try:
            child.stdin.write(pickle.dumps(self._request))
            child.stdin.close()
        except OSError:
            _end(child)
            return None
        return child

    def _settle(self) -> None:
        """In a thread: the child's answers or, failing those, this process's own."""
        try:
            if self._child is not None:
                self._read_child(self._child)
            if not self._answer.done():
                self._answer.set_result(_Failed("Start-up was stopped.", 1) if self._cancelled else self._connect_here())
        except BaseException as error:  # a bug: whoever waits gets it rather than waiting for ever
            if not self._answer.done():
                self._answer.set_exception(error)
        if not self._page.done():
            found = None if self._answer.exception() else self._answer.result()
            if isinstance(found, _Connected):
                self._page.set_result(found.first_clusters.page)
            else:
                self._page.set_exception(_as_setup_error(self._answer))

    def _read_child(self, child: subprocess.Popen[bytes]) -> None:
        assert child.stdout is not None
        try:
            while not self._answer.done():
                self._take(pickle.load(child.stdout))
        except Exception:  # it died, was stopped or wrote something else: what is missing is read here
            pass
        finally:
            child.stdout.close()
            _end(child)

    def _take(self, answer: object) -> None:
        if isinstance(answer, _Listed):
            self._listed(answer.page)
        elif isinstance(answer, (_Connected, _Failed)):
            self._answer.set_result(answer)
        else:
            raise ValueError(f"not an answer: {type(answer).__name__}")

    def _listed(self, page: ListPage) -> None:
        if not self._page.done():
            self._page.set_result(page)

    def _connect_here(self) -> _Answer:
        from tui.startup import StartupError, connect

        request = self._request
        try:
            connection = connect(
                profile=request.profile, region=request.region, endpoint_url=request.endpoint_url, on_page=self._listed
            )
        except StartupError as error:
            return _Failed(str(error), error.exit_code)
        return _Connected(connection.settings, connection.first_clusters.result())

    def connection(self) -> Connection:
        """Wait for the connection; raises StartupError as ``connect`` does."""
        from tui.startup import Connection, StartupError, settled

        answer = self._answer.result()
        if isinstance(answer, _Failed):
            raise StartupError(answer.message, answer.exit_code)
        return Connection(answer.settings, settled(answer.first_clusters))

    def connection_now(self, settings: ConnectionSettings) -> Connection:
        """A connection to show at once, for ``settings`` (resolved here too): its first page and
        clusters come as they are read, or fail with the one line that says why."""
        from tui.startup import Connection

        first: Future[FirstClusters] = Future()

        def arrived(answer: Future[_Answer]) -> None:
            found = None if answer.exception() else answer.result()
            if isinstance(found, _Connected):
                first.set_result(found.first_clusters)
            else:
                first.set_exception(_as_setup_error(answer))

        self._answer.add_done_callback(arrived)
        return Connection(settings, first, first_page=self._page)

    def cancel(self) -> None:
        """Stop the child, and connect nowhere else (start-up connects itself, was interrupted, or is over)."""
        self._cancelled = True
        child = self._child
        if child is not None and child.poll() is None:
            child.kill()


def _as_setup_error(answer: Future[_Answer]) -> BaseException:
    """What a failed (or broken) start raises where the app waits for its clusters."""
    from tui.aws.errors import AwsSetupError

    error = answer.exception()
    if error is not None:
        return error
    found = answer.result()
    return AwsSetupError(found.message if isinstance(found, _Failed) else "The first clusters were never read.")


def _end(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is None:
        child.kill()
    child.wait()


def main() -> None:
    """The child: read the request, connect, write the answers, and leave without tearing botocore down."""
    gc.disable()  # a short life of imports and two calls: nothing worth collecting
    from tui.startup import StartupError, connect

    def write(answer: _Listed | _Answer) -> None:
        sys.stdout.buffer.write(pickle.dumps(answer))
        sys.stdout.buffer.flush()

    request = pickle.load(sys.stdin.buffer)
    try:
        connection = connect(
            profile=request.profile,
            region=request.region,
            endpoint_url=request.endpoint_url,
            on_page=lambda page: write(_Listed(page)),
        )
        write(_Connected(connection.settings, connection.first_clusters.result()))
    except StartupError as error:
        write(_Failed(str(error), error.exit_code))
    os._exit(0)


if __name__ == "__main__":
    # Run as tui.head_start, not __main__, so that the answers pickle under names the parent can import.
    from tui.head_start import main as child_main

    child_main()

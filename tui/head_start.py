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
    from tui.aws.settings import ConnectionSettings
    from tui.startup import Connection


@dataclass(frozen=True)
class _Request:
    profile: str | None
    region: str | None
    endpoint_url: str | None


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
    """Connecting to AWS, started at once in a child process; take the result as a connection."""

    def __init__(self, *, profile: str | None, region: str | None, endpoint_url: str | None) -> None:
        self._request = _Request(profile, region, endpoint_url)
        self._answer: Future[_Answer] = Future()
        self._child = self._spawn() if (os.cpu_count() or 1) > 1 else None
        threading.Thread(target=self._settle, name="ecs-tui-head-start", daemon=True).start()

    def _spawn(self) -> subprocess.Popen[bytes] | None:
        try:
            child = subprocess.Popen(
                [sys.executable, "-m", "tui.head_start"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # whatever goes wrong there, this process finds again and says once
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
        """In a thread: the child's answer or, failing that, this process's own."""
        answer = self._read_child() if self._child is not None else None
        self._answer.set_result(answer if answer is not None else self._connect_here())

    def _read_child(self) -> _Answer | None:
        child = self._child
        assert child is not None and child.stdout is not None
        try:
            answer = pickle.load(child.stdout)
        except Exception:  # it died, was stopped or wrote something else
            answer = None
        finally:
            child.stdout.close()
            _end(child)
        return answer if isinstance(answer, (_Connected, _Failed)) else None

    def _connect_here(self) -> _Answer:
        from tui.startup import StartupError, connect

        request = self._request
        try:
            connection = connect(profile=request.profile, region=request.region, endpoint_url=request.endpoint_url)
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
        """A connection to show at once, for ``settings`` (resolved here too): its first clusters
        come when they are read, or fail with the one line that says why."""
        from tui.aws.errors import AwsSetupError
        from tui.startup import Connection

        first: Future[FirstClusters] = Future()

        def arrived(answer: Future[_Answer]) -> None:
            found = answer.result()
            if isinstance(found, _Failed):
                first.set_exception(AwsSetupError(found.message))
            else:
                first.set_result(found.first_clusters)

        self._answer.add_done_callback(arrived)
        return Connection(settings, first)

    def cancel(self) -> None:
        """Stop the child (start-up was interrupted, or the app is over before it answered)."""
        child = self._child
        if child is not None and child.poll() is None:
            child.kill()


def _end(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is None:
        child.kill()
    child.wait()


def main() -> None:
    """The child: read the request, connect, write the answer, and leave without tearing botocore down."""
    from tui.startup import StartupError, connect

    request = pickle.load(sys.stdin.buffer)
    try:
        connection = connect(profile=request.profile, region=request.region, endpoint_url=request.endpoint_url)
        answer: _Answer = _Connected(connection.settings, connection.first_clusters.result())
    except StartupError as error:
        answer = _Failed(str(error), error.exit_code)
    sys.stdout.buffer.write(pickle.dumps(answer))
    sys.stdout.buffer.flush()
    os._exit(0)


if __name__ == "__main__":
    # Run as tui.head_start, not __main__, so that the answer pickles under names the parent can import.
    from tui.head_start import main as child_main

    child_main()

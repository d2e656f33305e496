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
nonsense) start-up connects in this process instead, which always works.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
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


class HeadStart:
    """Connecting to AWS in a child process, started at once; ``connection()`` takes the result."""

    def __init__(self, *, profile: str | None, region: str | None, endpoint_url: str | None) -> None:
        self._request = _Request(profile, region, endpoint_url)
        self._child = self._spawn() if (os.cpu_count() or 1) > 1 else None

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
            child.kill()
            child.wait()
            return None
        return child

    def connection(self) -> Connection:
        """The connection the child made, or one made here; raises StartupError as ``connect`` does."""
        from tui.startup import Connection, StartupError, connect

        answer = self._answer()
        if isinstance(answer, _Failed):
            raise StartupError(answer.message, answer.exit_code)
        if isinstance(answer, _Connected):
            return Connection(answer.settings, answer.first_clusters)
        request = self._request
        return connect(profile=request.profile, region=request.region, endpoint_url=request.endpoint_url)

    def _answer(self) -> _Connected | _Failed | None:
        child, self._child = self._child, None
        if child is None:
            return None
        assert child.stdout is not None
        try:
            answer = pickle.load(child.stdout)
        except Exception:  # it died or wrote something else: connect here instead
            answer = None
        finally:
            child.stdout.close()
            child.kill()
            child.wait()
        return answer if isinstance(answer, (_Connected, _Failed)) else None

    def cancel(self) -> None:
        """Stop the child (start-up was interrupted)."""
        child, self._child = self._child, None
        if child is not None:
            child.kill()
            child.wait()


def main() -> None:
    """The child: read the request, connect, write the answer, and leave without tearing botocore down."""
    from tui.startup import StartupError, connect

    request = pickle.load(sys.stdin.buffer)
    try:
        connection = connect(profile=request.profile, region=request.region, endpoint_url=request.endpoint_url)
        answer: _Connected | _Failed = _Connected(connection.settings, connection.first_clusters)
    except StartupError as error:
        answer = _Failed(str(error), error.exit_code)
    sys.stdout.buffer.write(pickle.dumps(answer))
    sys.stdout.buffer.flush()
    os._exit(0)


if __name__ == "__main__":
    # Run as tui.head_start, not __main__, so that the answer pickles under names the parent can import.
    from tui.head_start import main as child_main

    child_main()

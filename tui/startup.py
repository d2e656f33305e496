"""Everything between the command line and the first frame: settings, clients, first call.

A failure here is one line for the terminal and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from tui.aws.errors import AwsSetupError
from tui.aws.first_clusters import FirstClusters, read_first_clusters
from tui.aws.models import ListPage
from tui.aws.reader import ClientLater, EcsReader
from tui.aws.settings import ConnectionSettings, resolve_settings

if TYPE_CHECKING:
    from tui.aws.clients import AwsClients
    from tui.sim import SimConfig, Simulator

DEMO_REGION = "us-east-1"
# The simulator accepts any signature; these only let botocore sign requests.
DEMO_CREDENTIALS = ("demo", "demo")


class StartupError(Exception):
    """The app cannot start; ``str(error)`` is the one line to show."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class Connection:
    """One account and Region as the app sees it, and its first clusters: read already, or on their way.

    ``first_clusters`` fails with AwsSetupError when the account cannot be reached.
    The clients may come later: a connection read by another process (see
    ``tui.head_start``) makes them on first use, off the UI thread, so that the
    first frame never waits for botocore to load.
    """

    def __init__(
        self,
        settings: ConnectionSettings,
        first_clusters: Future[FirstClusters],
        *,
        first_page: Future[ListPage] | None = None,
        clients: AwsClients | None = None,
        reader: EcsReader | None = None,
        static_credentials: tuple[str, str] | None = None,
        demo: bool = False,
        simulator: Simulator | None = None,
    ) -> None:
        self.settings = settings
        self.first_clusters = first_clusters
        # The first ListClusters page, when it may come before ``first_clusters`` do.
        self.first_page = first_page
        self.demo = demo
        self.simulator = simulator
        self._clients = clients
        self._static_credentials = static_credentials
        self._clients_lock = threading.Lock()
        self.reader = reader or EcsReader(ClientLater(lambda: self.clients.ecs))

    @property
    def clients(self) -> AwsClients:
        """The connection's clients, made on first use (in the caller's thread)."""
        with self._clients_lock:
            if self._clients is None:
                from tui.aws.clients import AwsClients  # botocore's heavy half: never before the first frame

                self._clients = AwsClients(self.settings, static_credentials=self._static_credentials)
            return self._clients

    def close(self) -> None:
        if self.simulator is not None:
            self.simulator.stop()


def settings_for(*, profile: str | None, region: str | None, endpoint_url: str | None) -> ConnectionSettings:
    """The settings these flags and the environment give; a configuration mistake is StartupError (exit 2)."""
    try:
        return resolve_settings(profile=profile, region=region, endpoint_url=endpoint_url)
    except AwsSetupError as error:
        raise StartupError(error.message, exit_code=2) from None


def connect(
    *,
    demo: bool = False,
    profile: str | None = None,
    region: str | None = None,
    endpoint_url: str | None = None,
    demo_world: SimConfig | None = None,
    on_page: Callable[[ListPage], None] | None = None,
) -> Connection:
    """Resolve settings, build clients and read the first clusters, or raise StartupError.

    Configuration mistakes exit 2, like a usage error; failing to reach AWS exits 1.
    ``demo_world`` replaces the demo simulator's settings (tests pin its clock);
    ``on_page`` gets the first ListClusters page before its clusters are described.
    """
    from tui.aws.clients import AwsClients

    static_credentials = DEMO_CREDENTIALS if demo else None
    simulator = _start_demo_world(demo_world) if demo else None
    try:
        if simulator is not None:
            settings = ConnectionSettings(
                profile=None, region=DEMO_REGION, endpoint_url=simulator.endpoint_url, region_source="demo"
            )
        else:
            settings = settings_for(profile=profile, region=region, endpoint_url=endpoint_url)
        clients = AwsClients(settings, static_credentials=static_credentials)
    except AwsSetupError as error:
        raise StartupError(error.message, exit_code=2) from None
    reader = EcsReader(clients.ecs)
    try:
        first = read_first_clusters(clients, reader, on_page)
    except AwsSetupError as error:
        if simulator is not None:
            simulator.stop()
        raise StartupError(error.message, exit_code=1) from None
    return Connection(
        settings,
        settled(first),
        clients=clients,
        reader=reader,
        static_credentials=static_credentials,
        demo=demo,
        simulator=simulator,
    )


def settled(first: FirstClusters) -> Future[FirstClusters]:
    """First clusters that are already read."""
    future: Future[FirstClusters] = Future()
    future.set_result(first)
    return future


def _start_demo_world(config: SimConfig | None) -> Simulator:
    from tui.sim import SimConfig, Simulator

    simulator = Simulator(config or SimConfig(world="demo", region=DEMO_REGION))
    simulator.start()
    return simulator

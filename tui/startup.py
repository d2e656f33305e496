"""Everything between the command line and the first frame: settings, clients, first call.

A failure here is one line for the terminal and a non-zero exit, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.aws.clients import AwsClients
from tui.aws.errors import AwsSetupError, check_connection
from tui.aws.models import ListPage
from tui.aws.pacing import Pacer
from tui.aws.reader import EcsReader
from tui.aws.settings import ConnectionSettings, resolve_settings

if TYPE_CHECKING:
    from tui.sim import SimConfig, Simulator

DEMO_REGION = "us-east-1"
# The simulator accepts any signature; these only let botocore sign requests.
DEMO_CREDENTIALS = ("demo", "demo")


class StartupError(Exception):
    """The app cannot start; ``str(error)`` is the one line to show."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class Connection:
    """One account and Region as the app sees it, with the first page of clusters already read."""

    settings: ConnectionSettings
    clients: AwsClients
    reader: EcsReader
    first_clusters_page: ListPage
    demo: bool = False
    simulator: Simulator | None = field(default=None, repr=False)

    def close(self) -> None:
        if self.simulator is not None:
            self.simulator.stop()


def connect(
    *,
    demo: bool = False,
    profile: str | None = None,
    region: str | None = None,
    endpoint_url: str | None = None,
    demo_world: SimConfig | None = None,
) -> Connection:
    """Resolve settings, build clients and make the first call, or raise StartupError.

    Configuration mistakes exit 2, like a usage error; failing to reach AWS exits 1.
    ``demo_world`` replaces the demo simulator's settings (tests pin its clock).
    """
    if demo:
        simulator = _start_demo_world(demo_world)
        settings = ConnectionSettings(
            profile=None, region=DEMO_REGION, endpoint_url=simulator.endpoint_url, region_source="demo"
        )
        clients = AwsClients(settings, static_credentials=DEMO_CREDENTIALS)
    else:
        simulator = None
        try:
            settings = resolve_settings(profile=profile, region=region, endpoint_url=endpoint_url)
            clients = AwsClients(settings)
        except AwsSetupError as error:
            raise StartupError(error.message, exit_code=2) from None
    pacer = Pacer()
    try:
        first_page = check_connection(clients, pacer=pacer)
    except AwsSetupError as error:
        if simulator is not None:
            simulator.stop()
        raise StartupError(error.message, exit_code=1) from None
    return Connection(
        settings=settings,
        clients=clients,
        reader=EcsReader(clients.ecs, pacer=pacer),
        first_clusters_page=first_page,
        demo=demo,
        simulator=simulator,
    )


def _start_demo_world(config: SimConfig | None) -> Simulator:
    from tui.sim import SimConfig, Simulator

    simulator = Simulator(config or SimConfig(world="demo", region=DEMO_REGION))
    simulator.start()
    return simulator

"""One botocore session per app instance, and its clients with explicit timeouts and retries.

botocore directly, not boto3: boto3 adds nothing a low-level client needs here, and
importing it (with s3transfer) costs about a fifth of a second before the first frame.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ConfigParseError

from tui.aws.errors import AwsSetupError, explain
from tui.aws.pacing import MAX_CONCURRENT_CALLS
from tui.aws.parsing import new_botocore_session
from tui.aws.profiles import read_profiles
from tui.aws.settings import ConnectionSettings

USER_AGENT_APP_ID = "ecs-tui"
CONNECT_TIMEOUT_SECONDS = 5
READ_TIMEOUT_SECONDS = 20
# All attempts of one call, first included; the pacer adds its own retries on throttling.
TOTAL_MAX_ATTEMPTS = 3


def client_config() -> Config:
    """The botocore Config every client of the app uses."""
    return Config(
        retries={"mode": "standard", "total_max_attempts": TOTAL_MAX_ATTEMPTS},
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        # Room for every paced call in flight plus unpaced ones (first check, actions).
        max_pool_connections=MAX_CONCURRENT_CALLS + 4,
        user_agent_appid=USER_AGENT_APP_ID,
    )


def _explicit_profile(settings: ConnectionSettings) -> str | None:
    """The profile to hand boto3, keeping botocore's rule that environment credentials win.

    A profile passed explicitly makes botocore skip AWS_ACCESS_KEY_ID & co. That is
    right for --profile, but inside ``aws-vault exec`` or granted's ``assume`` (which
    export credentials next to a profile variable) the exported credentials must win,
    as they do for the AWS CLI; botocore then reads the profile variable itself.
    """
    from_environment = settings.profile_source in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE")
    if from_environment and os.environ.get("AWS_ACCESS_KEY_ID"):
        return None
    return settings.profile


class AwsClients:
    """The app's AWS session and clients; ``static_credentials`` (key id, secret) serve the demo world.

    Sessions are not thread-safe, so clients are created under a lock;
    the low-level clients themselves are. Answers are parsed as
    ``tui.aws.parsing`` describes: the big describe answers keep ECS's JSON
    (timestamps as epoch seconds), which the models read.
    """

    def __init__(self, settings: ConnectionSettings, *, static_credentials: tuple[str, str] | None = None) -> None:
        self.settings = settings
        self.session = new_botocore_session()
        try:
            if static_credentials is not None:
                self.session.set_credentials(*static_credentials)
            else:
                profile = _explicit_profile(settings)
                if profile is not None:
                    self.session.set_config_variable("profile", profile)
                    self.session.get_scoped_config()  # an unknown profile fails here, not at the first call
            self.session.set_config_variable("region", settings.region)
        except BotoCoreError as exc:
            raise AwsSetupError(explain(exc, profile=settings.profile)) from exc
        self._lock = threading.Lock()
        self._clients: dict[str, Any] = {}

    def client(self, service_name: str) -> Any:
        """The one low-level client of that service (created on first use)."""
        with self._lock:
            if service_name not in self._clients:
                endpoint = self.settings.endpoint_url if service_name == "ecs" else None
                try:
                    self._clients[service_name] = self.session.create_client(
                        service_name, region_name=self.settings.region, endpoint_url=endpoint, config=client_config()
                    )
                except (BotoCoreError, ValueError) as exc:
                    raise AwsSetupError(explain(exc, profile=self.settings.profile)) from exc
            return self._clients[service_name]

    @property
    def ecs(self) -> Any:
        """The app's ECS client."""
        return self.client("ecs")


def available_profiles(environ: Mapping[str, str] | None = None) -> list[str]:
    """Profile names from the AWS config and credentials files, sorted; none if they cannot be read."""
    try:
        return read_profiles(environ).names()
    except ConfigParseError:
        return []

"""A local Amazon ECS: the JSON 1.1 wire protocol on 127.0.0.1, over a simulated account.

The app's real boto3 code, and the AWS CLI, talk to it through an endpoint URL.
"""

from .config import SimConfig
from .controls import SimStats
from .server import SIMULATOR_KEY
from .sessions import ExecSession, SessionStore
from .simulator import Simulator

__all__ = ["SIMULATOR_KEY", "ExecSession", "SessionStore", "SimConfig", "SimStats", "Simulator"]

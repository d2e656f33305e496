"""ECS Exec sessions handed out by ExecuteCommand, kept for the data channel to check."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class ExecSession:
    session_id: str
    token_value: str
    stream_url: str
    cluster: str
    task_id: str
    task_arn: str
    container_name: str
    container_arn: str
    runtime_id: str
    command: str
    created_at: float

    @property
    def target(self) -> str:
        """The SSM target ECS Exec uses: ``ecs:<cluster>_<taskId>_<runtimeId>``."""
        return f"ecs:{self.cluster}_{self.task_id}_{self.runtime_id}"


class SessionStore:
    """Thread-safe: ExecuteCommand adds from the server thread, the data channel reads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, ExecSession] = {}
        self._listeners: list[Callable[[ExecSession], None]] = []

    def subscribe(self, listener: Callable[[ExecSession], None]) -> None:
        """Call ``listener`` with every session created from now on (e.g. to register it with the data channel)."""
        with self._lock:
            self._listeners.append(listener)

    def add(self, session: ExecSession) -> None:
        with self._lock:
            self._sessions[session.session_id] = session
            listeners = list(self._listeners)
        for listener in listeners:
            listener(session)

    def get(self, session_id: str) -> ExecSession | None:
        with self._lock:
            return self._sessions.get(session_id)

    def all(self) -> list[ExecSession]:
        with self._lock:
            return list(self._sessions.values())

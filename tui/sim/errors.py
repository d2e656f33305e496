"""ECS service errors as the JSON 1.1 protocol carries them."""

from __future__ import annotations

# Errors raised by the request framework itself, not by ECS's model, carry Coral's namespace.
CORAL_NAMESPACE = "com.amazon.coral.service#"
CORAL_CODES = frozenset(
    {
        "UnknownOperationException",
        "SerializationException",
        "MissingAuthenticationTokenException",
        "IncompleteSignatureException",
    }
)


class EcsError(Exception):
    """An error answer: HTTP ``status`` with body ``{"__type": code, "message": message}``."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status

    def body(self) -> dict[str, str]:
        type_name = CORAL_NAMESPACE + self.code if self.code in CORAL_CODES else self.code
        return {"__type": type_name, "message": self.message}


def invalid_parameter(message: str) -> EcsError:
    return EcsError("InvalidParameterException", message)


def client_error(message: str) -> EcsError:
    return EcsError("ClientException", message)


def cluster_not_found() -> EcsError:
    return EcsError("ClusterNotFoundException", "Cluster not found.")


def service_not_found() -> EcsError:
    return EcsError("ServiceNotFoundException", "Service not found.")


def service_not_active() -> EcsError:
    return EcsError("ServiceNotActiveException", "Service was not ACTIVE.")


def throttled() -> EcsError:
    return EcsError("ThrottlingException", "Rate exceeded")

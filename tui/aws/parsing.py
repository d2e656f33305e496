"""Cheaper parsing of ECS answers, for the botocore session the app's clients come from.

Parsing dominates the client's CPU when a big cluster loads: botocore walks every
field of a DescribeTasks page against its model and converts each epoch
timestamp to the local zone through dateutil. Two changes, both through
botocore's public parser factory:

- every timestamp: epoch seconds become UTC datetimes directly (same instant);
- the four big describe answers (tasks, services, clusters, container
  instances) are decoded as the plain JSON ECS sent (member names are the
  same), then only their timestamp members are converted, along paths worked
  out once from the model. The result matches botocore's, except that fields
  newer than the bundled model are kept rather than dropped. Errors, and every
  other operation, go through botocore's parser unchanged.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import botocore.session
from botocore.parsers import JSONParser, ResponseParserFactory
from botocore.utils import parse_timestamp as botocore_parse_timestamp

PLAIN_JSON_OUTPUTS = frozenset(
    {
        "DescribeTasksResponse",
        "DescribeServicesResponse",
        "DescribeClustersResponse",
        "DescribeContainerInstancesResponse",
    }
)


def parse_timestamp(value: Any) -> datetime:
    """botocore's timestamp parsing, with a fast path for epoch seconds (answered in UTC)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            pass
    return botocore_parse_timestamp(value)


Path = tuple[str, ...]  # member names, and "*" for every item of a list
_EVERY_ITEM = "*"


def timestamp_paths(shape: Any, prefix: Path = (), seen: frozenset[str] = frozenset()) -> list[Path]:
    """Every path from ``shape`` down to a timestamp member."""
    if shape.type_name == "timestamp":
        return [prefix]
    if shape.type_name == "list":
        return timestamp_paths(shape.member, (*prefix, _EVERY_ITEM), seen)
    if shape.type_name != "structure" or shape.name in seen:
        return []
    inner = seen | {shape.name}
    return [path for name, member in shape.members.items() for path in timestamp_paths(member, (*prefix, name), inner)]


def _convert(node: Any, path: Path) -> None:
    """Parse the timestamps found along ``path`` in place; anything unexpected is left alone."""
    key, rest = path[0], path[1:]
    if key == _EVERY_ITEM:
        children = node if isinstance(node, list) else []
        if not rest:
            return
        for child in children:
            _convert(child, rest)
        return
    if not isinstance(node, dict) or key not in node:
        return
    if rest:
        _convert(node[key], rest)
        return
    value = node[key]
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            node[key] = parse_timestamp(value)
        except (ValueError, TypeError, OverflowError):
            pass


class PlainJsonParser(JSONParser):
    """botocore's JSON parser, with a fast path for successful big describe answers."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._paths: dict[str, list[Path]] = {}

    def parse(self, response: dict[str, Any], shape: Any) -> Any:
        if shape is None or shape.name not in PLAIN_JSON_OUTPUTS or response["status_code"] >= 300:
            return super().parse(response, shape)
        try:
            parsed = json.loads(response["body"]) if response["body"] else {}
        except (ValueError, UnicodeDecodeError):
            return super().parse(response, shape)
        if not isinstance(parsed, dict):
            return super().parse(response, shape)
        paths = self._paths.get(shape.name)
        if paths is None:
            paths = self._paths[shape.name] = timestamp_paths(shape)
        for path in paths:
            _convert(parsed, path)
        headers = {str(k).lower(): v for k, v in response["headers"].items()}
        parsed["ResponseMetadata"] = {
            "RequestId": headers.get("x-amzn-requestid", ""),
            "HTTPStatusCode": response["status_code"],
            "HTTPHeaders": headers,
        }
        return parsed


class _ParserFactory(ResponseParserFactory):
    def create_parser(self, protocol_name: str) -> Any:
        if protocol_name == "json":
            return PlainJsonParser(timestamp_parser=parse_timestamp)
        return super().create_parser(protocol_name)


def new_botocore_session() -> botocore.session.Session:
    """A botocore session whose clients parse answers as described above."""
    session = botocore.session.Session()
    factory = _ParserFactory()
    factory.set_parser_defaults(timestamp_parser=parse_timestamp)
    session.register_component("response_parser_factory", factory)
    return session

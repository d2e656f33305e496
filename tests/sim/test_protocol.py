"""The wire protocol as clients see it: raw HTTP, keep-alive, and protocol-level errors."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlparse

import botocore.exceptions
import pytest

TARGET = "AmazonEC2ContainerServiceV20141113."


def _connection(simulator) -> http.client.HTTPConnection:
    url = urlparse(simulator.endpoint_url)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=10)


def _post(connection, target: str | None, body: bytes, *, signed: bool = True):
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    if target is not None:
        headers["X-Amz-Target"] = target
    if signed:
        headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=sim/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0"
    connection.request("POST", "/", body=body, headers=headers)
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), json.loads(response.read())


def test_one_connection_serves_many_requests(demo_sim):
    connection = _connection(demo_sim)
    connection.connect()
    socket_before = connection.sock
    for _ in range(5):
        status, headers, body = _post(connection, TARGET + "ListClusters", b"{}")
        assert status == 200
        assert headers["Content-Type"] == "application/x-amz-json-1.1"
        assert headers["x-amzn-RequestId"]
        assert len(body["clusterArns"]) == 6
    assert connection.sock is socket_before  # the server kept the connection open
    connection.close()


def test_an_unsigned_request_is_refused(demo_sim):
    status, _, body = _post(_connection(demo_sim), TARGET + "ListClusters", b"{}", signed=False)
    assert status == 403
    assert body == {"__type": "com.amazon.coral.service#MissingAuthenticationTokenException", "message": "Missing Authentication Token"}


@pytest.mark.parametrize("target", [TARGET + "LaunchRockets", "SomethingElse.ListClusters", "", None])
def test_an_unknown_operation_is_named_as_such(demo_sim, target):
    status, _, body = _post(_connection(demo_sim), target, b"{}")
    assert status == 400
    assert body["__type"] == "com.amazon.coral.service#UnknownOperationException"


@pytest.mark.parametrize("payload", [b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_a_malformed_body_is_a_serialization_error(demo_sim, payload):
    status, _, body = _post(_connection(demo_sim), TARGET + "ListClusters", payload)
    assert status == 400
    assert body["__type"] == "com.amazon.coral.service#SerializationException"


def test_a_wrongly_typed_member_is_a_serialization_error(demo_sim):
    status, _, body = _post(_connection(demo_sim), TARGET + "ListTasks", b'{"cluster": "prod-web", "maxResults": "ten"}')
    assert (status, body["__type"]) == (400, "com.amazon.coral.service#SerializationException")
    assert "maxResults" in body["message"]


def test_other_paths_are_a_plain_404(demo_sim):
    connection = _connection(demo_sim)
    connection.request("GET", "/no/such/path")
    assert connection.getresponse().status == 404


def test_the_data_channel_path_wants_a_websocket(demo_sim):
    connection = _connection(demo_sim)
    connection.request("GET", "/ssm/data-channel/ecs-execute-command-0123")
    assert connection.getresponse().status != 404


def test_botocore_parses_codes_and_messages(demo_sim, ecs_client):
    client = ecs_client(demo_sim, max_attempts=1)
    with pytest.raises(client.exceptions.ClusterNotFoundException) as raised:
        client.list_services(cluster="no-such-cluster")
    error = raised.value.response["Error"]
    assert (error["Code"], error["Message"]) == ("ClusterNotFoundException", "Cluster not found.")
    assert raised.value.response["ResponseMetadata"]["RequestId"]


def test_cluster_arns_from_another_account_are_not_found(demo_sim, ecs_client):
    client = ecs_client(demo_sim, max_attempts=1)
    with pytest.raises(botocore.exceptions.ClientError, match="ClusterNotFoundException"):
        client.list_services(cluster="arn:aws:ecs:us-east-1:999999999999:cluster/prod-web")
    assert client.list_services(cluster="arn:aws:ecs:us-east-1:123456789012:cluster/prod-web")["serviceArns"]

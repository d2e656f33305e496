"""Realistic ECS response objects (shaped after the API reference), for model tests."""

from __future__ import annotations

from datetime import UTC, datetime

CLUSTER_ARN = "arn:aws:ecs:eu-west-1:123456789012:cluster/production"
TASK_ARN = "arn:aws:ecs:eu-west-1:123456789012:task/production/0a1b2c3d4e5f60718293a4b5c6d7e8f9"
TASK_DEFINITION_ARN = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:42"
STARTED = datetime(2026, 11, 30, 8, 0, 0, tzinfo=UTC)

CLUSTER = {
    "clusterArn": CLUSTER_ARN,
    "clusterName": "production",
    "configuration": {"executeCommandConfiguration": {"kmsKeyId": "alias/exec", "logging": "OVERRIDE"}},
    "status": "ACTIVE",
    "registeredContainerInstancesCount": 3,
    "runningTasksCount": 12,
    "pendingTasksCount": 1,
    "activeServicesCount": 4,
    "statistics": [{"name": "runningEC2TasksCount", "value": "2"}],
    "tags": [],
    "settings": [{"name": "containerInsights", "value": "enabled"}],
    "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
}

SERVICE = {
    "serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/production/web",
    "serviceName": "web",
    "clusterArn": CLUSTER_ARN,
    "status": "ACTIVE",
    "desiredCount": 3,
    "runningCount": 2,
    "pendingCount": 1,
    "launchType": "FARGATE",
    "taskDefinition": TASK_DEFINITION_ARN,
    "deployments": [
        {
            "id": "ecs-svc/1234567890123456789",
            "status": "PRIMARY",
            "taskDefinition": TASK_DEFINITION_ARN,
            "desiredCount": 3,
            "pendingCount": 1,
            "runningCount": 2,
            "failedTasks": 0,
            "createdAt": STARTED,
            "updatedAt": STARTED,
            "rolloutState": "IN_PROGRESS",
            "rolloutStateReason": "ECS deployment ecs-svc/1234567890123456789 in progress.",
        },
        {"id": "ecs-svc/1", "status": "ACTIVE", "taskDefinition": TASK_DEFINITION_ARN.replace(":42", ":41")},
    ],
    "events": [
        {"id": "e-1", "createdAt": STARTED, "message": "(service web) has reached a steady state."},
    ],
    "createdAt": datetime(2026, 1, 1, tzinfo=UTC),
    "schedulingStrategy": "REPLICA",
    "enableExecuteCommand": True,
    "tags": [{"key": "team", "value": "payments"}],
}

TASK = {
    "attachments": [
        {
            "id": "a-1",
            "type": "ElasticNetworkInterface",
            "status": "ATTACHED",
            "details": [
                {"name": "subnetId", "value": "subnet-0abc"},
                {"name": "networkInterfaceId", "value": "eni-0abc"},
                {"name": "privateIPv4Address", "value": "10.0.3.17"},
            ],
        }
    ],
    "availabilityZone": "eu-west-1a",
    "clusterArn": CLUSTER_ARN,
    "connectivity": "CONNECTED",
    "containers": [
        {
            "containerArn": "arn:aws:ecs:eu-west-1:123456789012:container/production/0a1b/c-1",
            "taskArn": TASK_ARN,
            "name": "app",
            "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2",
            "imageDigest": "sha256:0123",
            "runtimeId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9-2531612879",
            "lastStatus": "RUNNING",
            "networkInterfaces": [{"attachmentId": "a-1", "privateIpv4Address": "10.0.3.17"}],
            "healthStatus": "HEALTHY",
            "managedAgents": [
                {"lastStartedAt": STARTED, "name": "ExecuteCommandAgent", "lastStatus": "RUNNING"}
            ],
            "cpu": "0",
        },
        {
            "name": "log-router",
            "image": "amazon/aws-for-fluent-bit:stable",
            "runtimeId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9-1111",
            "lastStatus": "STOPPED",
            "exitCode": 137,
            "reason": "OutOfMemoryError: Container killed due to memory usage",
            "managedAgents": [{"name": "ExecuteCommandAgent", "lastStatus": "STOPPED", "reason": "agent exited"}],
        },
    ],
    "cpu": "512",
    "memory": "1024",
    "createdAt": STARTED,
    "startedAt": STARTED.timestamp() + 30,
    "desiredStatus": "RUNNING",
    "enableExecuteCommand": True,
    "group": "service:web",
    "healthStatus": "HEALTHY",
    "lastStatus": "RUNNING",
    "launchType": "FARGATE",
    "platformVersion": "1.4.0",
    "platformFamily": "Linux",
    "startedBy": "ecs-svc/1234567890123456789",
    "tags": [{"key": "team", "value": "payments"}],
    "taskArn": TASK_ARN,
    "taskDefinitionArn": TASK_DEFINITION_ARN,
    "version": 3,
}

TASK_DEFINITION = {
    "taskDefinitionArn": TASK_DEFINITION_ARN,
    "family": "web",
    "revision": 42,
    "status": "ACTIVE",
    "taskRoleArn": "arn:aws:iam::123456789012:role/web-task",
    "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
    "networkMode": "awsvpc",
    "cpu": "512",
    "memory": "1024",
    "requiresCompatibilities": ["FARGATE"],
    "registeredAt": "2026-11-29T10:00:00Z",
    "containerDefinitions": [
        {
            "name": "app",
            "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2",
            "cpu": 0,
            "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}],
            "essential": True,
            "linuxParameters": {"initProcessEnabled": True},
            "readonlyRootFilesystem": False,
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {"awslogs-group": "/ecs/web", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "ecs"},
            },
            "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"]},
        },
        {"name": "log-router", "image": "amazon/aws-for-fluent-bit:stable", "essential": False, "memory": 64},
    ],
}

CONTAINER_INSTANCE = {
    "containerInstanceArn": "arn:aws:ecs:eu-west-1:123456789012:container-instance/production/9f8e7d6c",
    "ec2InstanceId": "i-0123456789abcdef0",
    "versionInfo": {"agentVersion": "1.87.0", "agentHash": "abc", "dockerVersion": "DockerVersion: 25.0.3"},
    "status": "ACTIVE",
    "agentConnected": True,
    "runningTasksCount": 5,
    "pendingTasksCount": 0,
    "attributes": [{"name": "ecs.vpc-id", "value": "vpc-1"}, {"name": "ecs.os-type", "value": "linux"}],
    "registeredAt": STARTED,
    "healthStatus": {"overallStatus": "OK", "details": []},
}

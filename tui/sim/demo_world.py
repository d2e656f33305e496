"""The demo world: a small company's ECS account, with the cases an operator meets.

Five working clusters and an empty one; Fargate and EC2; services steady and
mid-deployment; tasks with sidecars; and the ECS Exec diagnostic cases: exec disabled on
old tasks, an agent that stopped or is still starting, Fargate 1.3.0, an ECS agent older
than 1.50.2, a read-only root filesystem, a disconnected agent, stopped and stuck tasks.
"""

from __future__ import annotations

from . import builders, scheduler, taskdefs
from .model import Cluster, Service, TaskDefinition
from .world import World

HOUR = 3600.0
DAY = 24 * HOUR
ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def build(world: World, now: float) -> None:
    _prod_web(world, now)
    _prod_payments(world, now)
    _staging(world, now)
    _data_pipeline(world, now)
    _ci_runners(world, now)
    builders.new_cluster(
        world,
        "legacy_batch-processing-cluster-us-east-1-blue",
        capacity_providers=[],
        insights="disabled",
        tags={"owner": "data-eng", "decommission": "2025-Q4"},
    )


def _family(world: World, family: str, revisions: int, containers, now: float, *, active: int = 3, **options) -> list[TaskDefinition]:
    """Register ``revisions`` revisions of ``family``; only the last ``active`` stay ACTIVE."""
    made = []
    for revision in range(1, revisions + 1):
        status = "ACTIVE" if revision > revisions - active else "INACTIVE"
        registered = now - (revisions - revision + 1) * 2 * DAY
        made.append(taskdefs.register(world, family, containers(revision), registered_at=registered, status=status, **options))
    return made


def _image(name: str, revision: int) -> str:
    return f"{ECR}/{name}:v{revision // 10 + 1}.{revision % 10}.{revision * 3 % 7}"


def _roll(service: Service, cluster: Cluster, world: World, definition: TaskDefinition, started: float, *, wave_size: int, wave_pause: float) -> None:
    """Begin a rolling deployment at ``started``; it progresses as the clock moves."""
    service.wave_size = wave_size
    service.wave_pause = wave_pause
    service.last_step_at = started
    scheduler.new_deployment(world, cluster, service, definition, started)


def _prod_web(world: World, now: float) -> None:
    cluster = builders.new_cluster(
        world,
        "prod-web",
        capacity_providers=["FARGATE", "FARGATE_SPOT"],
        strategy=[{"capacityProvider": "FARGATE", "weight": 1, "base": 2}, {"capacityProvider": "FARGATE_SPOT", "weight": 3, "base": 0}],
        exec_configuration={
            "kmsKeyId": f"arn:aws:kms:{world.arns.region}:{world.arns.account_id}:key/0f2b4a4e-8c0e-4d59-9a1e-5b1c3f0a7d21",
            "logging": "OVERRIDE",
            "logConfiguration": {"cloudWatchLogGroupName": "/ecs/exec-audit", "cloudWatchEncryptionEnabled": True, "s3EncryptionEnabled": False},
        },
        tags={"env": "prod", "team": "web"},
    )
    checkout = _family(
        world, "checkout-api", 14,
        lambda r: [
            taskdefs.app(world, "checkout-api", _image("checkout-api", r), cpu=512, memory=1024, environment={"LOG_LEVEL": "info", "PAYMENTS_URL": "http://payments-api.internal"}),
            taskdefs.envoy(world, "checkout-api"),
            taskdefs.datadog_agent(world, "checkout-api"),
        ],
        now,
    )
    service = builders.create_service(world, cluster, "checkout-api", checkout[12], 4, deployed_at=now - 3 * DAY, now=now, target_port=8080, tags={"team": "checkout"})
    _roll(service, cluster, world, checkout[13], now - 20.0, wave_size=1, wave_pause=12.0)

    storefront = _family(
        world, "storefront", 42,
        lambda r: [
            taskdefs.app(world, "storefront", _image("storefront", r), port=3000, cpu=1024, memory=2048, firelens=True, environment={"NODE_ENV": "production"}),
            taskdefs.log_router(world, "storefront"),
        ],
        now, active=5,
    )
    service = builders.create_service(world, cluster, "storefront", storefront[-1], 6, deployed_at=now - 5 * HOUR, now=now, target_port=3000, tags={"team": "web"})
    service.tasks[2].unhealthy_container = "storefront"
    crashed = builders.run_task(world, cluster, storefront[-1], now - 40 * 60.0, started_by=service.primary.deployment_id)
    crashed.group, crashed.service, crashed.deployment_id = "service:storefront", "storefront", service.primary.deployment_id
    world.request_stop(crashed, now - 12 * 60.0, "EssentialContainerExited", "Essential container in task exited")
    crashed.exit_codes = {"storefront": 137, "log-router": 0}
    crashed.container_reasons = {"storefront": "OutOfMemoryError: Container killed due to memory usage"}
    service.tasks.append(crashed)

    search = _family(
        world, "search-api", 7,
        lambda r: [taskdefs.app(world, "search-api", _image("search-api", r), cpu=512, memory=1024), taskdefs.datadog_agent(world, "search-api")],
        now,
    )
    service = builders.create_service(world, cluster, "search-api", search[-1], 3, deployed_at=now - 9 * DAY, now=now, target_port=8080, platform_version="1.4.0")
    service.tasks[1].platform_version = "1.3.0"

    resizer = _family(world, "image-resizer", 3, lambda r: [taskdefs.app(world, "image-resizer", _image("image-resizer", r), port=None, health=False, cpu=1024, memory=2048)], now)
    builders.create_service(world, cluster, "image-resizer_worker", resizer[-1], 2, deployed_at=now - 12 * DAY, now=now, enable_exec=False)

    notifications = _family(world, "notifications-api", 5, lambda r: [taskdefs.app(world, "notifications-api", _image("notifications-api", r)), taskdefs.envoy(world, "notifications-api")], now)
    service = builders.create_service(world, cluster, "notifications-api", notifications[-1], 2, deployed_at=now - 20 * DAY, now=now, enable_exec=False, target_port=8080)
    service.enable_exec = True  # turned on after its tasks started: they still refuse exec

    migrate = _family(world, "db-migrate", 9, lambda r: [taskdefs.app(world, "db-migrate", _image("db-migrate", r), port=None, health=False, command=["bin/migrate", "--wait"])], now)
    builders.run_task(world, cluster, migrate[-1], now - 25 * 60.0, started_by="ci/deploy-1234")


def _prod_payments(world: World, now: float) -> None:
    cluster = builders.new_cluster(
        world,
        "prod-payments",
        capacity_providers=["payments-asg-capacity"],
        exec_configuration={"logging": "DEFAULT"},
        tags={"env": "prod", "team": "payments", "pci": "true"},
    )
    for zone, version, connected in (("a", "1.89.2", True), ("b", "1.89.2", True), ("c", "1.47.0", True), ("a", "1.88.0", False)):
        builders.add_instance(
            world, cluster, instance_type="m6i.xlarge", cpu=4096, memory=15_722, agent_version=version,
            registered_at=now - 40 * DAY, zone=zone, capacity_provider="payments-asg-capacity", agent_connected=connected,
        )
    payments = _family(
        world, "payments-api", 21,
        lambda r: [
            taskdefs.app(world, "payments-api", _image("payments-api", r), cpu=512, memory=1024, readonly_root=True, environment={"JAVA_OPTS": "-Xmx768m"}),
            taskdefs.envoy(world, "payments-api"),
        ],
        now, network_mode="bridge", fargate=False,
    )
    builders.create_service(world, cluster, "payments-api", payments[-1], 4, deployed_at=now - 2 * DAY, now=now, launch_type="EC2", target_port=8080)

    ledger = _family(
        world, "ledger-worker", 6,
        lambda r: [
            taskdefs.app(world, "ledger-worker", _image("ledger-worker", r), port=None, health=False, environment={"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE"}),
            taskdefs.datadog_agent(world, "ledger-worker"),
        ],
        now, network_mode="bridge", fargate=False,
    )
    service = builders.create_service(world, cluster, "ledger-worker", ledger[-1], 2, deployed_at=now - 6 * DAY, now=now, launch_type="EC2")
    service.tasks[0].agent_status = {"ledger-worker": "STOPPED", "datadog-agent": "RUNNING"}

    fraud = _family(
        world, "fraud-scorer", 11,
        lambda r: [taskdefs.app(world, "fraud-scorer", _image("fraud-scorer", r), cpu=1024, memory=2048), taskdefs.datadog_agent(world, "fraud-scorer")],
        now, network_mode="bridge", fargate=False, pid_mode="task",
    )
    service = builders.create_service(world, cluster, "fraud-scorer", fraud[-1], 3, deployed_at=now - 4 * DAY, now=now, launch_type="EC2")
    late = service.tasks[1]
    late.agent_status = {"fraud-scorer": "PENDING", "datadog-agent": "PENDING"}


def _staging(world: World, now: float) -> None:
    cluster = builders.new_cluster(
        world,
        "staging",
        capacity_providers=["FARGATE", "FARGATE_SPOT"],
        strategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}],
        exec_configuration={"logging": "NONE"},
        insights="disabled",
        tags={"env": "staging"},
    )
    spot = [{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}]
    checkout = world.families["checkout-api"]
    builders.create_service(world, cluster, "checkout-api", checkout[-1], 1, deployed_at=now - 7 * HOUR, now=now, strategy=spot, target_port=8080)
    storefront = world.families["storefront"]
    service = builders.create_service(world, cluster, "storefront", storefront[-2], 2, deployed_at=now - DAY, now=now, strategy=spot, target_port=3000)
    _roll(service, cluster, world, storefront[-1], now - 5.0, wave_size=1, wave_pause=20.0)
    search = world.families["search-api"]
    builders.create_service(world, cluster, "search-api", search[-1], 1, deployed_at=now - 2 * DAY, now=now, strategy=spot)

    flags = _family(world, "feature-flags", 2, lambda r: [taskdefs.app(world, "feature-flags", _image("feature-flags", r), port=4242)], now)
    service = builders.create_service(world, cluster, "feature-flags", flags[-1], 1, deployed_at=now - 3 * DAY, now=now, strategy=spot)
    stuck = builders.run_task(world, cluster, flags[-1], now - 15 * 60.0, started_by=service.primary.deployment_id)
    stuck.group, stuck.service, stuck.deployment_id = "service:feature-flags", "feature-flags", service.primary.deployment_id
    stuck.hold_status = "PROVISIONING"
    stuck.capacity_provider = "FARGATE_SPOT"
    service.tasks.append(stuck)
    service.desired = 2

    e2e = _family(world, "e2e-tests", 4, lambda r: [taskdefs.app(world, "e2e-tests", f"{ECR}/e2e-tests:missing-tag", port=None, health=False)], now)
    failed = builders.run_task(world, cluster, e2e[-1], now - 30 * 60.0, started_by="ci/deploy-1234")
    world.request_stop(
        failed, now - 30 * 60.0 + 2.0, "TaskFailedToStart",
        f"CannotPullContainerError: pull image manifest has been retried 7 time(s): {ECR}/e2e-tests:missing-tag: not found",
    )


def _data_pipeline(world: World, now: float) -> None:
    cluster = builders.new_cluster(
        world,
        "data-pipeline",
        capacity_providers=["FARGATE", "data-pipeline-ec2"],
        tags={"env": "prod", "team": "data"},
    )
    for zone in ("a", "b"):
        builders.add_instance(
            world, cluster, instance_type="r6i.2xlarge", cpu=8192, memory=63_000, agent_version="1.86.3",
            registered_at=now - 12 * DAY, zone=zone, capacity_provider="data-pipeline-ec2",
        )
    scheduler_family = _family(
        world, "etl-scheduler", 3,
        lambda r: [taskdefs.app(world, "etl-scheduler", _image("etl-scheduler", r), port=8793, cpu=1024, memory=4096)],
        now, network_mode="bridge", fargate=False,
    )
    builders.create_service(world, cluster, "etl-scheduler", scheduler_family[-1], 1, deployed_at=now - 8 * DAY, now=now, launch_type="EC2")
    consumer = _family(
        world, "kafka-consumer-orders", 12,
        lambda r: [taskdefs.app(world, "kafka-consumer-orders", _image("kafka-consumer-orders", r), port=None, health=False, cpu=512, memory=2048), taskdefs.log_router(world, "kafka-consumer-orders")],
        now,
    )
    builders.create_service(world, cluster, "kafka-consumer-orders_v2-eu-replication-backfill-consumer-group", consumer[-1], 3, deployed_at=now - 30 * HOUR, now=now)
    nightly = _family(world, "nightly-etl", 5, lambda r: [taskdefs.app(world, "nightly-etl", _image("nightly-etl", r), port=None, health=False, cpu=2048, memory=8192)], now)
    builders.run_task(world, cluster, nightly[-1], now - 50 * 60.0, started_by="events-rule/nightly-etl")
    done = builders.run_task(world, cluster, nightly[-1], now - 26 * HOUR + 1800.0, started_by="events-rule/nightly-etl")
    finished = builders.run_task(world, cluster, nightly[-1], now - 45 * 60.0, started_by="events-rule/hourly-compaction")
    world.request_stop(finished, now - 20 * 60.0, "EssentialContainerExited", "Essential container in task exited")
    finished.exit_codes = {"nightly-etl": 0}
    world.request_stop(done, now - 25 * HOUR, "EssentialContainerExited", "Essential container in task exited")


def _ci_runners(world: World, now: float) -> None:
    cluster = builders.new_cluster(
        world,
        "ci-runners",
        capacity_providers=["ci-spot-capacity"],
        strategy=[{"capacityProvider": "ci-spot-capacity", "weight": 1, "base": 0}],
        insights="disabled",
        tags={"env": "ci"},
    )
    instances = [
        builders.add_instance(
            world, cluster, instance_type="c6i.2xlarge", cpu=8192, memory=15_000, agent_version="1.89.2",
            registered_at=now - (3 + n) * HOUR, zone=zone, capacity_provider="ci-spot-capacity",
        )
        for n, zone in enumerate(("a", "b", "c"))
    ]
    runner = _family(
        world, "github-runner", 31,
        lambda r: [taskdefs.app(world, "github-runner", f"{ECR}/github-runner:2.31{r % 10}.0", port=None, health=False, cpu=1024, memory=3072, environment={"RUNNER_LABELS": "ecs,linux,x64"})],
        now, network_mode="bridge", fargate=False,
    )
    builders.create_service(world, cluster, "github-runner", runner[-1], 6, deployed_at=now - 2 * HOUR, now=now, launch_type="EC2")
    shipper = _family(world, "log-shipper", 2, lambda r: [taskdefs.app(world, "log-shipper", "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2", port=None, health=False, cpu=128, memory=256)], now, network_mode="bridge", fargate=False)
    builders.create_service(world, cluster, "log-shipper", shipper[-1], len(instances), deployed_at=now - 3 * HOUR, now=now, launch_type="EC2", scheduling_strategy="DAEMON")
    deploy = _family(world, "deploy-runner", 8, lambda r: [taskdefs.app(world, "deploy-runner", _image("deploy-runner", r), port=None, health=False)], now, network_mode="bridge", fargate=False)
    builders.run_task(world, cluster, deploy[-1], now - 4 * 60.0, started_by="ci/deploy-1234", launch_type="EC2", instance=instances[0])

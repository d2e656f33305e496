"""Pre-flight checks on models built from the demo world's real API answers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.exec.conftest import DemoWorld
from tui.aws.models import EXEC_AGENT_NAME, Task, TaskDefinition
from tui.exec.context import TaskDefinitionCache, gather_context
from tui.exec.findings import Diagnosis
from tui.exec.preflight import PLUGIN_NOT_FOUND, check_client, preflight
from tui.ssm.launch import PluginInfo

PLUGIN = PluginInfo("/usr/local/bin/session-manager-plugin", "1.2.764.0")
BUILTIN = PluginInfo("/venv/bin/ecs-tui-session", "0.1.0", builtin=True)


def _agent_status(task: Task, container: str) -> str | None:
    found = task.container(container)
    agent = found.exec_agent if found else None
    return agent.last_status if agent else None


def diagnose(demo: DemoWorld, task: Task, container: str, client: PluginInfo | None = PLUGIN) -> Diagnosis:
    context = gather_context(demo.reader, task.cluster_name, task.arn)
    return preflight(
        context.task, container, task_definition=context.task_definition,
        container_instance=context.container_instance, client_info=client, client_choice="auto",
    )  # fmt: skip


def severities(diagnosis: Diagnosis) -> dict[str, str]:
    return {f.check_id: f.severity for f in diagnosis.findings}


def test_a_healthy_fargate_container_passes_every_check(demo):
    task = demo.service_task("prod-web", "search-api", lambda t: t.platform_version == "1.4.0")
    diagnosis = diagnose(demo, task, "search-api")
    assert not diagnosis.blocking
    assert severities(diagnosis) == {"L3": "ok", "C5": "ok", "L6": "ok", "C6": "ok", "C7": "ok", "C8": "ok", "C9": "ok", "C10": "ok"}
    assert diagnosis.summary == "ECS Exec should work: every check passed."


def test_exec_disabled_gives_the_exact_update_service_command(demo):
    task = demo.service_task("prod-web", "notifications-api")
    diagnosis = diagnose(demo, task, "notifications-api")
    c7 = diagnosis.finding("C7")
    assert diagnosis.blocking and c7 is not None and c7.severity == "fail"
    assert c7.command == (
        "aws ecs update-service --cluster prod-web --service notifications-api --enable-execute-command --force-new-deployment"
    )
    assert diagnosis.finding("C8") is None  # the agent is not judged when exec was never enabled


def test_a_standalone_task_without_exec_gets_a_run_task_command(demo):
    task = demo.task("prod-web", lambda t: t.service_name is None, family="db-migrate")
    flipped = Task.from_api({**task.raw, "enableExecuteCommand": False})
    diagnosis = preflight(flipped, "db-migrate", client_info=PLUGIN)
    c7 = diagnosis.finding("C7")
    assert c7 is not None and c7.command is not None
    assert c7.command.startswith(f"aws ecs run-task --cluster prod-web --task-definition db-migrate:{task.task_definition_revision}")
    assert c7.command.endswith("--enable-execute-command")


def test_stopped_agent_shows_its_reason_and_the_running_sibling(demo):
    task = demo.service_task("prod-payments", "ledger-worker", lambda t: _agent_status(t, "ledger-worker") == "STOPPED")
    diagnosis = diagnose(demo, task, "ledger-worker")
    c8 = diagnosis.finding("C8")
    assert c8 is not None and c8.severity == "fail"
    assert c8.title == f"{EXEC_AGENT_NAME} is STOPPED in ledger-worker"
    assert "datadog-agent" in c8.cause
    c14 = diagnosis.finding("C14")
    assert c14 is not None and c14.severity == "warn" and "AWS_ACCESS_KEY_ID" in c14.cause
    assert "AKIA" not in c14.cause  # names only, never values


def test_pending_agent_says_retry(demo):
    task = demo.service_task("prod-payments", "fraud-scorer", lambda t: _agent_status(t, "fraud-scorer") == "PENDING")
    diagnosis = diagnose(demo, task, "fraud-scorer")
    c8 = diagnosis.finding("C8")
    assert c8 is not None and c8.severity == "fail" and "10 seconds" in c8.fix
    assert severities(diagnosis)["C15"] == "warn"  # fraud-scorer runs with pidMode task


def test_fargate_1_3_0_is_too_old(demo):
    task = demo.service_task("prod-web", "search-api", lambda t: t.platform_version == "1.3.0")
    diagnosis = diagnose(demo, task, "search-api")
    c6 = diagnosis.finding("C6")
    assert c6 is not None and c6.severity == "fail" and "1.4.0" in c6.cause
    assert c6.command == "aws ecs update-service --cluster prod-web --service search-api --platform-version LATEST --force-new-deployment"


def test_an_old_ecs_agent_is_named_with_its_instance(demo):
    instances = demo.ecs.describe_container_instances(
        cluster="prod-payments", containerInstances=demo.ecs.list_container_instances(cluster="prod-payments")["containerInstanceArns"]
    )["containerInstances"]
    old = next(i for i in instances if i["versionInfo"]["agentVersion"] == "1.47.0")
    task = demo.tasks("prod-payments", containerInstance=old["containerInstanceArn"])[0]
    diagnosis = diagnose(demo, task, task.containers[0].name)
    c6 = diagnosis.finding("C6")
    assert c6 is not None and c6.severity == "fail"
    assert c6.title == f"ECS agent 1.47.0 on {old['ec2InstanceId']} is too old for ECS Exec"
    assert c6.command is not None and old["containerInstanceArn"].rsplit("/", 1)[1] in c6.command


def test_read_only_root_filesystem_fails(demo):
    task = demo.service_task("prod-payments", "payments-api", lambda t: _agent_status(t, "payments-api") == "RUNNING")
    diagnosis = diagnose(demo, task, "payments-api")
    c10 = diagnosis.finding("C10")
    assert c10 is not None and c10.severity == "fail" and "/var/lib/amazon/ssm" in c10.fix


def test_a_stopped_task_shows_its_reason_and_code(demo):
    arn = demo.ecs.list_tasks(cluster="prod-web", serviceName="storefront", desiredStatus="STOPPED")["taskArns"][0]
    task = demo.reader.describe_tasks("prod-web", [arn])[0]
    diagnosis = diagnose(demo, task, "storefront")
    c5 = diagnosis.finding("C5")
    assert c5 is not None and c5.severity == "fail" and c5.title == "Task is STOPPED"
    assert "Essential container in task exited" in c5.cause and "EssentialContainerExited" in c5.cause


def test_a_provisioning_task_is_not_ready(demo):
    task = demo.service_task("staging", "feature-flags", lambda t: t.last_status == "PROVISIONING")
    c5 = diagnose(demo, task, "feature-flags").finding("C5")
    assert c5 is not None and (c5.severity, c5.title) == ("fail", "Task is PROVISIONING")


def test_an_unknown_container_and_a_missing_task(demo):
    task = demo.service_task("prod-web", "search-api", lambda t: t.platform_version == "1.4.0")
    wrong = diagnose(demo, task, "nginx").finding("L6")
    assert wrong is not None and wrong.severity == "fail" and "search-api" in wrong.cause
    missing = preflight(None, "x", client_info=PLUGIN)
    assert missing.blocking and missing.finding("L6") is not None


@pytest.mark.parametrize(
    ("client", "choice", "check", "severity", "words"),
    [
        (None, "auto", "L2", "fail", "session_client = \"builtin\""),
        (None, "plugin", "L2", "fail", "--session-client builtin"),
        (None, "builtin", "L2", "fail", "ecs-tui-session"),
        (PluginInfo("/p", "1.2.497.0"), "auto", "L3", "warn", "command line"),
        (PluginInfo("/p", "1.2.677.0"), "auto", "L3", "warn", "1.2.764.0"),
        (PluginInfo("/p", ""), "auto", "L3", "warn", "version"),
        (PluginInfo("/p", "1.2.764.0"), "auto", "L3", "ok", "1.2.764.0"),
        (BUILTIN, "builtin", "L2", "ok", "built in"),
    ],
)
def test_session_client_checks(client, choice, check, severity, words):
    finding = check_client(client, choice)
    assert (finding.check_id, finding.severity) == (check, severity)
    assert words in finding.title + finding.cause + finding.fix


def test_a_missing_plugin_quotes_aws_and_links_the_installer():
    finding = check_client(None, "auto")
    assert finding.cause == PLUGIN_NOT_FOUND
    assert "https://docs.aws.amazon.com/systems-manager/" in finding.fix


def test_task_definitions_are_read_once_per_arn(demo):
    task = demo.service_task("prod-web", "search-api")
    cache = TaskDefinitionCache()
    demo.simulator.reset_stats()
    for _ in range(3):
        assert gather_context(demo.reader, "prod-web", task.arn, cache=cache).task_definition is not None
    assert demo.simulator.stats.calls.get("DescribeTaskDefinition") == 1
    assert len(cache) == 1


def test_an_unreadable_task_definition_is_reported_as_not_checked(demo):
    task = demo.service_task("prod-web", "search-api", lambda t: t.platform_version == "1.4.0")
    demo.simulator.inject_error("DescribeTaskDefinition", "AccessDeniedException", "not allowed")
    context = gather_context(demo.reader, "prod-web", task.arn, cache=TaskDefinitionCache())
    assert context.task is not None and context.task_definition is None
    diagnosis = preflight(context.task, "search-api", task_definition=None, client_info=PLUGIN)
    c9 = diagnosis.finding("C9")
    assert c9 is not None and (c9.severity, c9.title) == ("warn", "Task definition not checked")
    assert not diagnosis.blocking


def test_init_process_off_is_a_warning(demo):
    task = demo.service_task("prod-web", "search-api", lambda t: t.platform_version == "1.4.0")
    definition = demo.reader.describe_task_definition(task.task_definition_arn)
    raw = dict(definition.raw)
    raw["containerDefinitions"] = [{**c, "linuxParameters": {}} for c in raw["containerDefinitions"]]
    diagnosis = preflight(task, "search-api", task_definition=TaskDefinition.from_api(raw), client_info=PLUGIN)
    c9 = diagnosis.finding("C9")
    assert c9 is not None and c9.severity == "warn" and "initProcessEnabled: true" in c9.fix


def test_the_exec_package_never_imports_textual():
    code = (
        "import sys, tui.exec.preflight, tui.exec.context, tui.exec.errors, tui.exec.launch, tui.exec.session_state;"
        "sys.exit('textual' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0

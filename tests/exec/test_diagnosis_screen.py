"""DiagnosisScreen: findings from the demo world's real answers, keys, and snapshots."""

from __future__ import annotations

from textual.app import App

from tests.exec.conftest import DemoWorld
from tui.exec.context import TaskDefinitionCache, gather_context
from tui.exec.findings import Diagnosis, Finding
from tui.exec.preflight import preflight
from tui.screens.diagnosis import DiagnosisScreen, FindingView
from tui.ssm.launch import PluginInfo

PLUGIN = PluginInfo("/usr/local/bin/session-manager-plugin", "1.2.764.0")
UPDATE_SERVICE = "aws ecs update-service --cluster prod-web --service notifications-api --enable-execute-command --force-new-deployment"


class DiagnosisApp(App[None]):
    def __init__(self, diagnosis: Diagnosis, title: str = "ECS Exec checks") -> None:
        super().__init__()
        self.diagnosis = diagnosis
        self.title_text = title
        self.results: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(DiagnosisScreen(self.diagnosis, title=self.title_text), self.results.append)


def diagnosis_for(demo: DemoWorld, cluster: str, service: str, container: str, agent: str | None = None) -> Diagnosis:
    tasks = [t for t in demo.tasks(cluster, serviceName=service) if t.last_status == "RUNNING"]
    if agent is not None:
        tasks = [t for t in tasks if (c := t.container(container)) and c.exec_agent and c.exec_agent.last_status == agent]
    task = min(tasks, key=lambda t: t.arn)
    context = gather_context(demo.reader, cluster, task.arn, cache=TaskDefinitionCache())
    return preflight(
        context.task, container, task_definition=context.task_definition,
        container_instance=context.container_instance, client_info=PLUGIN,
    )  # fmt: skip


async def test_problems_come_first_and_c_copies_the_fix(frozen_demo):
    diagnosis = diagnosis_for(frozen_demo, "prod-web", "notifications-api", "notifications-api")
    app = DiagnosisApp(diagnosis)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiagnosisScreen)
        views = list(screen.query(FindingView))
        assert views[0].finding.check_id == "C7" and views[0].has_focus
        assert [v.finding.severity for v in views] == sorted((v.finding.severity for v in views), key=["fail", "warn", "ok"].index)
        await pilot.press("c")
        assert app.clipboard == UPDATE_SERVICE
        await pilot.press("r")
        await pilot.pause()
    assert app.results == ["retry"]


async def test_escape_closes_with_nothing():
    diagnosis = Diagnosis((Finding("C5", "fail", "Task is STOPPED", "ECS Exec needs a RUNNING task.", "Pick a RUNNING task."),), "x")
    app = DiagnosisApp(diagnosis)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")  # nothing to copy: a notice, no crash
        assert app.clipboard == ""
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_the_focused_finding_decides_what_is_copied():
    findings = (
        Finding("C6", "fail", "Old agent", command="aws ecs update-container-agent --cluster c --container-instance i"),
        Finding("C7", "fail", "Exec off", command="aws ecs update-service --cluster c --service s --enable-execute-command --force-new-deployment"),
    )
    app = DiagnosisApp(Diagnosis(findings, "two problems"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "c")
        assert app.clipboard == findings[1].command


async def test_aws_text_with_brackets_is_shown_as_is():
    text = "User: arn:aws:sts::1:assumed-role/[dev]/me is not authorized [bold]x[/bold]"
    app = DiagnosisApp(Diagnosis((Finding("E-DENIED", "fail", "Not allowed", text, "Ask."),), "Not allowed."))
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        cause = app.screen.query_one(".finding-cause")
        assert str(cause.render()) == text


def test_snapshot_exec_disabled_task(snap_compare, frozen_demo):
    diagnosis = diagnosis_for(frozen_demo, "prod-web", "notifications-api", "notifications-api")
    assert snap_compare(DiagnosisApp(diagnosis, "ECS Exec into notifications-api"), terminal_size=(100, 36))


def test_snapshot_agent_not_running(snap_compare, frozen_demo):
    diagnosis = diagnosis_for(frozen_demo, "prod-payments", "ledger-worker", "ledger-worker", agent="STOPPED")
    assert snap_compare(DiagnosisApp(diagnosis, "ECS Exec into ledger-worker"), terminal_size=(100, 40))

"""The app's half of ECS Exec: check, start, show in a tab, label, hop between and close sessions.

The pieces live elsewhere (``tui/exec`` checks and launches, ``ExecSessionView`` runs the
client in a terminal); this mixin only orders them on the app: blocking calls in a thread
worker, screens and tabs on the UI thread. The exec stack (checks, session client,
terminal) is imported at the first exec, never before the app's first frame.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual import work
from textual.command import Hit, Hits, Provider

from tui.aws.errors import explain
from tui.messages import ExecRequested

if TYPE_CHECKING:
    from tui.app import EcsApp
    from tui.aws.models import Task
    from tui.exec.findings import Diagnosis
    from tui.exec.launch import ExecLaunch, ExecRequest
    from tui.term import TerminalView
    from tui.widgets.exec_session import ExecSessionView


def session_label(view: ExecSessionView) -> str:
    launch = view.launch
    return f"{launch.container_name} · {launch.task_id[:8]} · {view.state.phase.value}"


class SessionsMixin:
    """Mixed into EcsApp. Handlers go by name (``on_...``): Textual's ``@on`` only sees the App class itself."""

    def on_exec_requested(self: EcsApp, message: ExecRequested) -> None:
        if not self.exec_allowed:
            self.notify("Read-only: exec is off (start with --allow-exec to allow it).", severity="warning", markup=False)
            return
        command = message.command or self.config.default_shell
        self.open_exec(message.task, message.container_name, command, message.interactive)

    def open_exec(self: EcsApp, task: Task, container_name: str, command: str, interactive: bool = True) -> None:
        """Check, call ExecuteCommand and open the session in a tab; a blocking problem opens its diagnosis."""
        from tui.exec.launch import ExecRequest

        container = task.container(container_name)
        request = ExecRequest(
            task.cluster_arn,
            task.arn,
            container_name,
            command,
            interactive,
            runtime_id=container.runtime_id if container else None,
            service_name=task.service_name,
        )
        self.notify(f"Connecting to {container_name}…", markup=False, timeout=3)
        self._start_exec(request)

    @work(thread=True, group="exec", exit_on_error=False)
    def _start_exec(self: EcsApp, request: ExecRequest) -> None:
        from tui.aws.actions import EcsActions
        from tui.exec.context import gather_context
        from tui.exec.errors import with_checks
        from tui.exec.launch import ExecLaunchError, choose_client, is_local_endpoint, start_exec
        from tui.exec.preflight import preflight

        connection = self.connection
        choice = self.session_client
        client = choose_client(choice, is_local_endpoint(connection.settings.endpoint_url))
        try:
            context = gather_context(connection.reader, request.cluster_arn, request.task_arn)
        except Exception as error:  # the task read failed: say why in one line
            self.call_from_thread(self.notify, explain(error), title="ECS Exec", severity="error", markup=False)
            return
        task = context.task
        checks = preflight(
            task,
            request.container_name,
            service_name=request.service_name,
            task_definition=context.task_definition,
            container_instance=context.container_instance,
            client_info=client,
            client_choice=choice,
        )
        if checks.blocking or client is None:
            self.call_from_thread(self._show_diagnosis, checks, request)
            return
        actions = EcsActions(connection.clients.ecs, pacer=connection.reader.pacer)
        try:
            launch = start_exec(actions, connection.reader, connection.settings, request, client)
        except ExecLaunchError as error:
            self.call_from_thread(self._show_diagnosis, with_checks(error.diagnosis, checks), request)
            return
        self.call_from_thread(self._open_session, launch)

    def _show_diagnosis(self: EcsApp, diagnosis: Diagnosis, request: ExecRequest) -> None:
        from tui.screens.diagnosis import DiagnosisScreen

        def answered(choice: str | None) -> None:
            if choice == "retry":
                self._start_exec(request)

        self.push_screen(DiagnosisScreen(diagnosis, title=f"ECS Exec into {request.container_name}"), answered)

    async def _open_session(self: EcsApp, launch: ExecLaunch) -> None:
        from tui.widgets.exec_session import ExecSessionView

        view = ExecSessionView(launch)
        await self.main.add_session(view, f"{launch.container_name} · {launch.task_id[:8]} · connecting")

    # Following each session ----------------------------------------------------------------

    def on_exec_session_view_state_changed(self: EcsApp, message: ExecSessionView.StateChanged) -> None:
        self.main.label_session(message.view, session_label(message.view))

    def on_exec_session_view_reconnect_requested(self: EcsApp, message: ExecSessionView.ReconnectRequested) -> None:
        self._reconnect(message.view, message.request)

    @work(thread=True, group="exec", exit_on_error=False)
    def _reconnect(self: EcsApp, view: ExecSessionView, request: ExecRequest) -> None:
        from tui.aws.actions import EcsActions
        from tui.exec.launch import ExecLaunchError, start_exec

        connection = self.connection
        actions = EcsActions(connection.clients.ecs, pacer=connection.reader.pacer)
        try:
            launch = start_exec(actions, connection.reader, connection.settings, request, view.launch.client)
        except ExecLaunchError as error:
            self.call_from_thread(self._show_diagnosis, error.diagnosis, request)
            return
        self.call_from_thread(view.attach, launch)

    async def on_exec_session_view_closed(self: EcsApp, message: ExecSessionView.Closed) -> None:
        await self.main.remove_session(message.view)

    def on_terminal_view_leave_requested(self: EcsApp, message: TerminalView.LeaveRequested) -> None:
        """ctrl+] in a live session: back to the browser, the session keeps running in its tab."""
        self.main.show_browser()
        self.browser.focus_current_pane()

    # Hopping -------------------------------------------------------------------------------

    def action_sessions(self: EcsApp) -> None:
        """Pick a session to show, or close one."""
        from tui.screens.sessions import CLOSE_PREFIX, SessionsScreen

        sessions = self.main.sessions
        if not sessions:
            self.notify("No sessions yet: press s on a container to open one.", markup=False)
            return
        choices = [(str(index), f"{session_label(view)}  —  {view.launch.cluster_name}") for index, view in enumerate(sessions)]

        async def chosen(answer: str | None) -> None:
            if answer is None:
                return
            if answer.startswith(CLOSE_PREFIX):
                await self.main.remove_session(sessions[int(answer.removeprefix(CLOSE_PREFIX))])
            else:
                self.main.show_session(sessions[int(answer)])

        self.push_screen(SessionsScreen(choices), chosen)


class SessionsProvider(Provider):
    """Palette entries, one per open session: choosing one shows it."""

    async def search(self, query: str) -> Hits:
        app = cast("EcsApp", self.app)
        matcher = self.matcher(query)
        for view in app.main.sessions:
            text = f"Session: {view.launch.cluster_name} · {session_label(view)}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(app.main.show_session, view), text=text)

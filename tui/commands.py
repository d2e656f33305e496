"""Command palette (ctrl+p) entries: jump to any cluster, service, task or container seen so far,
or search the whole account for what was typed ("Find anywhere").
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, cast

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from tui.index import IndexHit, ResourceIndex
from tui.navigation import ResourcePath

if TYPE_CHECKING:
    from tui.startup import Connection

# Index hits offered per query; the palette shows each on two lines.
PALETTE_HITS = 20
# Below a task id or IP match or a name that starts with the query, above weaker name matches.
FIND_ANYWHERE_SCORE = 0.55
FIND_ANYWHERE_HELP = "search every cluster through the API: task id, container name or private IP"


class JumpApp(Protocol):
    """What the palette needs of the app: the index it searches and a way to show a place."""

    index: ResourceIndex
    connection: Connection

    def reveal(self, path: ResourcePath) -> None: ...


def open_find(app: App[Any], query: str | None = None) -> None:
    """Open the find screen on a JumpApp (searching ``query`` at once, if given); reveal the match chosen."""
    from tui.screens.find import FindScreen  # with its search and DataTable: not before the first frame

    target = cast(JumpApp, app)

    def chosen(path: ResourcePath | None) -> None:
        if path is not None:
            target.reveal(path)

    app.push_screen(FindScreen(target.connection.reader, query), chosen)


class JumpProvider(Provider):
    """Hits from the app's ResourceIndex; choosing one calls ``app.reveal(path)``."""

    @property
    def _app(self) -> JumpApp:
        return cast(JumpApp, self.app)

    async def discover(self) -> Hits:
        app = self._app
        for hit in app.index.clusters():
            yield DiscoveryHit(Content(hit.label), partial(app.reveal, hit.path), text=hit.label, help=_help(hit))

    async def search(self, query: str) -> Hits:
        app = self._app
        matcher = self.matcher(query)
        for hit in app.index.search(query, limit=PALETTE_HITS):
            yield Hit(hit.score, matcher.highlight(hit.label), partial(app.reveal, hit.path), text=hit.label, help=_help(hit))
        title = f"Find anywhere: {query}"
        yield Hit(FIND_ANYWHERE_SCORE, Content(title), partial(open_find, self.app, query), text=title, help=FIND_ANYWHERE_HELP)


def _help(hit: IndexHit) -> str:
    # The palette reads help as markup; ECS names and AWS text are shown as they are.
    return escape(f"{hit.kind} · {hit.detail}")

"""The first look at an account: one ListClusters page, which proves the connection, and its clusters described.

Start-up reads this before the first frame, so the clusters pane is full the moment
it is drawn; the browser lists only later pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.aws.errors import check_connection
from tui.aws.models import Cluster, ListPage
from tui.aws.reader import EcsReader

if TYPE_CHECKING:
    from tui.aws.clients import AwsClients


@dataclass(frozen=True)
class FirstClusters:
    """The first ListClusters page and, unless describing them failed, its clusters in the page's order."""

    page: ListPage
    clusters: tuple[Cluster, ...] | None

    def unread(self) -> ListPage | None:
        """What the browser still has to list and describe: a page whose clusters need describing,
        or just the token of the next page; None when nothing is left."""
        if self.clusters is None:
            return self.page
        if self.page.next_token is None:
            return None
        return ListPage((), self.page.next_token)


def read_first_clusters(
    clients: AwsClients, reader: EcsReader, on_page: Callable[[ListPage], None] | None = None
) -> FirstClusters:
    """ListClusters (its failure is the connection's: AwsSetupError), then DescribeClusters of that page.

    ``on_page`` gets the page as soon as it is read, before the describe. A failing
    describe is not a failed start: the browser describes the page again and shows
    that error in the clusters pane, where the user can retry.
    """
    page = check_connection(clients, pacer=reader.pacer)
    if on_page is not None:
        on_page(page)
    try:
        clusters = tuple(reader.describe_clusters(page.arns)) if page.arns else ()
    except Exception:  # shown by the browser's own listing of this page
        return FirstClusters(page, None)
    return FirstClusters(page, clusters)

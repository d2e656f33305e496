"""Stream a List* chain through concurrent Describe* batches.

The list pages are a sequential NextToken chain run in one worker; each page is
cut into describe-sized batches that run in a small pool. The chain is the
critical path, so a page's describes are released just as the request for the
next page leaves (or when the listing ends): the next page is never queued
behind them. The consumer gets each batch's result the moment it completes, so
a UI paints the first rows long before the last page is listed.

Closing the generator sets a cancellation event: no further call is
scheduled, waits for tokens end at once, and the pool's threads exit after at
most the call they are making.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

# Yields every page; calls its second argument right before each list request it makes.
PageLister = Callable[[threading.Event, Callable[[], None]], Iterator[Sequence[str]]]
BatchDescriber = Callable[[Sequence[str], threading.Event], list[T]]

THREAD_NAME_PREFIX = "ecs-tui-read"


@dataclass(frozen=True)
class _Batch(Generic[T]):
    items: list[T]


@dataclass(frozen=True)
class _Failure:
    error: BaseException


@dataclass(frozen=True)
class _ListingDone:
    batches: int


def chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def stream(
    list_pages: PageLister,
    describe: BatchDescriber[T],
    batch_size: int,
    *,
    workers: int,
) -> Generator[list[T], None, None]:
    """Yield each describe batch's (non-empty) result as it completes; raise the first failure."""
    cancel = threading.Event()
    results: queue.SimpleQueue[_Batch[T] | _Failure | _ListingDone] = queue.SimpleQueue()
    pool = ThreadPoolExecutor(max_workers=workers + 1, thread_name_prefix=THREAD_NAME_PREFIX)

    def run_describe(arns: Sequence[str]) -> None:
        try:
            if not cancel.is_set():
                results.put(_Batch(describe(arns, cancel)))
        except BaseException as exc:  # handed over to the consumer, who re-raises it
            results.put(_Failure(exc))

    pending: list[Sequence[str]] = []  # batches of the last page, touched by the listing thread only
    submitted = 0

    def release() -> None:
        nonlocal submitted
        while pending and not cancel.is_set():
            pool.submit(run_describe, pending.pop(0))
            submitted += 1

    def run_listing() -> None:
        try:
            for number, page in enumerate(list_pages(cancel, release)):
                pending.extend(chunks(page, batch_size))
                if number == 0:
                    release()  # the first rows matter most, and no page waits behind them yet
            release()
        except BaseException as exc:
            results.put(_Failure(exc))
        finally:
            results.put(_ListingDone(submitted))

    try:
        pool.submit(run_listing)
        expected: int | None = None
        received = 0
        while expected is None or received < expected:
            item = results.get()
            if isinstance(item, _ListingDone):
                expected = item.batches
            elif isinstance(item, _Failure):
                raise item.error
            else:
                received += 1
                if item.items:
                    yield item.items
    finally:
        cancel.set()
        pool.shutdown(wait=False, cancel_futures=True)

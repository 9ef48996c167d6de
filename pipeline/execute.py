"""Run a function over jobs on a bounded thread pool and hand each result to the calling thread.

Workers only compute (``work``); ``handle`` runs on the calling thread, in completion order, so
every file and database write stays on one thread. At most 2 x workers jobs are in flight, so a
slow endpoint never has the whole inbox queued against it.
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Callable, Iterable, TypeVar

J = TypeVar("J")
R = TypeVar("R")


def execute(jobs: Iterable[J], work: Callable[[J], R], handle: Callable[[J, R], None], *,
            workers: int = 1, label: Callable[[J], str] = str, progress=None) -> None:
    """work(job) must not raise (a worker's exception would stop the batch); progress, when given,
    is told which job is under way (``start(label)``); ``handle`` advances it."""
    started = progress.start if progress is not None else (lambda name: None)
    if workers <= 1:
        for job in jobs:
            started(label(job))
            handle(job, work(job))
        return
    pending: dict[Future, J] = {}
    it = iter(jobs)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="briefcheck") as pool:
        try:
            for job in it:
                pending[pool.submit(work, job)] = job
                if len(pending) >= 2 * workers:
                    break
            if pending:
                started(label(next(iter(pending.values()))))
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    job = pending.pop(fut)
                    handle(job, fut.result())
                    nxt = next(it, None)
                    if nxt is not None:
                        pending[pool.submit(work, nxt)] = nxt
                    if pending:
                        started(label(next(iter(pending.values()))))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise

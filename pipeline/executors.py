"""Executors: where documents are built — in this process, in local processes, or on Dask.

Each maps a function over documents and yields results as they finish.  Saxon processors are
created once per worker process (``pipeline.xslt.processor`` is a per-process cache) and the
Dask executor warms each worker up once, so no compiled stylesheet ever crosses processes.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from .findings import Finding, Location, PipelineError, Severity

__all__ = ["DaskExecutor", "Executor", "LocalExecutor", "warm_up"]

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs ``function(item, *arguments)`` for each item; yields results as they finish."""

    def map(self, function: Callable[..., R], items: Sequence[T], *arguments: Any
            ) -> Iterator[R]: ...

    def close(self) -> None:
        """Stop the workers this executor keeps, if any."""


class LocalExecutor:
    """``jobs`` worker processes on this machine (1: in this process, no pool).  The workers
    of one ``map`` end with it, unless ``keep_workers`` (a watcher's: the next map finds them
    started, their stylesheets compiled) keeps them until :meth:`close`."""

    def __init__(self, jobs: int | None = None, *, keep_workers: bool = False) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.keep_workers = keep_workers
        self._pool: Any = None

    def map(self, function: Callable[..., R], items: Sequence[T], *arguments: Any
            ) -> Iterator[R]:
        if self.jobs == 1 or len(items) <= 1:
            if len(items) > 1:
                warm_up()
            for item in items:
                yield function(item, *arguments)
            return
        from concurrent.futures import ProcessPoolExecutor, as_completed  # only when parallel
        from concurrent.futures.process import BrokenProcessPool

        pool = self._pool or ProcessPoolExecutor(
            max_workers=self.jobs if self.keep_workers else min(self.jobs, len(items)),
            initializer=_start_worker)
        if self.keep_workers:
            self._pool = pool
        try:
            futures = {pool.submit(function, item, *arguments): item for item in items}
            for future in as_completed(futures):
                try:
                    result = future.result()
                except BrokenProcessPool as exc:
                    self._pool = None  # its workers are gone: a next map starts new ones
                    raise _stopped(futures[future]) from exc
                yield result
        finally:  # (on an error or Ctrl-C, what has not started is not started)
            if not self.keep_workers or self._pool is None:
                pool.shutdown(cancel_futures=True)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


class DaskExecutor:
    """A Dask cluster: ``address`` of a running scheduler, or a local cluster of ``jobs``
    worker processes when no address is given.  Workers must see the output folder."""

    def __init__(self, address: str | None = None, jobs: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # the optional extra is not installed
            raise RuntimeError("--executor dask needs the 'distributed' package: "
                               "pip install 'tei-pipeline[dask]'") from exc
        if address:
            self.client = Client(address)
        else:
            cluster = LocalCluster(n_workers=max(1, jobs or os.cpu_count() or 1),
                                   threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None)
            self.client = Client(cluster)
        self.client.run(warm_up)

    def map(self, function: Callable[..., R], items: Sequence[T], *arguments: Any
            ) -> Iterator[R]:
        from distributed import as_completed as finished

        futures = [self.client.submit(function, item, *arguments, pure=False)
                   for item in items]
        for future in finished(futures):
            yield future.result()

    def close(self) -> None:
        cluster = getattr(self.client, "cluster", None)
        self.client.close()
        if cluster is not None:
            cluster.close()


def _stopped(item: object) -> PipelineError:
    """The error of a worker process that stopped (out of memory, or killed), naming one of
    the documents left unfinished (whose outputs, written atomically, are not half there)."""
    return PipelineError([Finding(
        "run:worker-stopped", Severity.ERROR, "a worker process stopped (out of memory, or "
        "killed): this document, and those not yet built, were not finished; try fewer --jobs "
        "or a lower --max-input-mb",
        Location(str(getattr(item, "path", ""))))], exit_code=2)


def _start_worker() -> None:
    """Start a pool's worker process: warmed up, and deaf to Ctrl-C, which a terminal sends
    to every process of the command; the main process answers it by ending the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up()


def warm_up() -> int:
    """Create this process's Saxon processor and compile the render stylesheets once; then
    set what is in memory aside from Python's garbage collection (it would otherwise scan the
    modules and compiled state again and again while documents come and go), after one
    collection, so that no garbage is set aside with it (a watcher warms up after its first
    publishing)."""
    from . import xslt
    from .render import FORMATS
    from .resources import stylesheet_path

    xslt.processor()
    with contextlib.suppress(PipelineError):  # a broken installation is reported per document
        for stylesheet, _ in FORMATS.values():
            xslt.compile_stylesheet(stylesheet_path(stylesheet))
    gc.collect()
    gc.freeze()
    return os.getpid()

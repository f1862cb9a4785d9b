"""Where batch work runs: in process, on a local process pool, or on a Dask cluster.

Every batch job of the project (orbit-wise enumeration, proofs of many inequalities,
realisations of many rays) takes one ``executor`` argument:

- ``None`` or ``"serial"``: run in this process, one item after the other;
- ``"processes"``: a local ``ProcessPoolExecutor`` sized to ``os.cpu_count()``
  (an ``int`` n: a pool of n processes), shut down when the job ends;
- any ``concurrent.futures.Executor``: used as given (never shut down here);
- a ``dask.distributed.Client``, or the address of a Dask scheduler as a string
  (``"tcp://host:8786"``): the job runs on that cluster.  Dask is optional and imported
  only when asked for.

Functions and items sent to processes must be picklable (module-level functions).
"""

from __future__ import annotations

import concurrent.futures as cf
import os
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

ExecutorSpec = Any  # None | str | int | concurrent.futures.Executor | distributed.Client


def _is_dask_client(obj) -> bool:
    return type(obj).__module__.split(".")[0] == "distributed" and hasattr(obj, "get_executor")


@contextmanager
def executor_for(spec: ExecutorSpec) -> Iterator[cf.Executor | None]:
    """The executor described by ``spec`` (``None`` for serial), closing what it opened."""
    if spec is None or spec == "serial":
        yield None
    elif isinstance(spec, cf.Executor):
        yield spec
    elif spec == "processes" or (isinstance(spec, int) and not isinstance(spec, bool)):
        workers = (os.cpu_count() or 1) if spec == "processes" else spec
        if workers < 1:
            raise ValueError(f"a process pool needs at least one worker, got {workers}")
        with cf.ProcessPoolExecutor(max_workers=workers) as pool:
            yield pool
    elif _is_dask_client(spec):
        yield spec.get_executor()
    elif isinstance(spec, str) and "://" not in spec:
        raise ValueError(f"unknown executor {spec!r}: use 'serial', 'processes' or a scheduler address like 'tcp://host:8786'")
    elif isinstance(spec, str):
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ImportError("a Dask scheduler address needs the optional 'distributed' package") from exc
        with Client(spec) as client:
            yield client.get_executor()
    else:
        raise TypeError(
            "executor must be None, 'serial', 'processes', a number of processes, a "
            f"concurrent.futures.Executor, a dask Client or a scheduler address, got {spec!r}"
        )


#: ``local_pool`` opens a process pool for this many independent items or more.
LOCAL_POOL_ITEMS = 8


def local_pool(executor: ExecutorSpec, items: int) -> ExecutorSpec:
    """``executor`` if given, else a local process pool (``"processes"``) when ``items`` tasks
    of some weight (LPs, Normaliz calls) are at least ``LOCAL_POOL_ITEMS``, else serial."""
    if executor is not None:
        return executor
    return "processes" if items >= LOCAL_POOL_ITEMS else None


def abandon(executor) -> None:
    """Give up a process pool's running tasks (a time limit has passed): pending tasks are
    cancelled and the worker processes terminated, so closing the pool does not wait for them."""
    if isinstance(executor, cf.ProcessPoolExecutor):
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()


def worker_count(executor) -> int:
    """How many tasks ``executor`` runs at once: the workers of a process or thread pool, the
    threads of a Dask cluster's workers (through ``get_executor``), 1 for ``None``."""
    if executor is None:
        return 1
    if isinstance(getattr(executor, "_max_workers", None), int):
        return executor._max_workers
    client = getattr(executor, "_client", None)
    if client is not None and hasattr(client, "nthreads"):
        return max(1, sum(client.nthreads().values()))
    return os.cpu_count() or 1


def map_unordered(fn: Callable, items: Iterable, executor: ExecutorSpec = None) -> Iterator[tuple[Any, Any]]:
    """Yield ``(item, fn(item))`` for every item, in the order the results complete.

    ``executor`` is any of the forms described in this module; an exception raised by
    ``fn`` is re-raised here.
    """
    items = list(items)
    with executor_for(executor) as pool:
        if pool is None:
            for item in items:
                yield item, fn(item)
            return
        futures = {pool.submit(fn, item): item for item in items}
        try:
            for future in cf.as_completed(futures):
                yield futures[future], future.result()
        finally:
            for future in futures:
                future.cancel()


def map_in_order(fn: Callable, items, executor: ExecutorSpec = None) -> list:
    """``[fn(item) for item in items]``, run through :func:`map_unordered` (results in input order)."""
    results = [None] * len(items)
    for (index, _), value in map_unordered(_Indexed(fn), list(enumerate(items)), executor):
        results[index] = value
    return results


class _Indexed:
    """Picklable ``(i, item) -> fn(item)``."""

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, pair):
        return self.fn(pair[1])

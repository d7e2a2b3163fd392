"""The worker processes that answer queries, and the time limit on each query.

Queries never run in the web server's own process: a small pool of worker
processes each holds the store open read-only and answers one query at a time.
A query that outruns the time limit is ended by killing its worker (a thread
running a pyoxigraph query cannot be stopped), and a fresh worker takes its
place, so a runaway query costs one worker for at most the time limit and
never wedges the server.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import logging
import multiprocessing
import os
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path

from tnkg.errors import QueryError, TnkgError
from tnkg.kg.store import open_store
from tnkg.serve.execution import QueryJob, Reply, StoredJob, execute_query, execute_stored
from tnkg.serve.resources import DescribeJob, execute_describe


def store_generation(out_dir: Path) -> str:
    """Which build generation DIR/store points at (`tnkg build` swaps a symbolic link)."""
    return os.path.realpath(out_dir / "store")


def _worker_main(out_dir: str, conn: Connection) -> None:
    """Worker process: open the store read-only, then answer jobs until told to stop."""
    # Ctrl-C in a terminal reaches the whole process group; the server stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    path = Path(out_dir)
    try:
        store, generation = open_store(path), store_generation(path)
    except TnkgError as error:
        conn.send(str(error))
        return
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the server has gone away
            return
        if job is None:
            return
        # A new `tnkg build` swaps DIR/store; answer from the new graph from then on.
        if store_generation(path) != generation:
            with contextlib.suppress(TnkgError):
                store, generation = open_store(path), store_generation(path)
        if isinstance(job, StoredJob):
            conn.send(execute_stored(store, job))
        elif isinstance(job, DescribeJob):
            conn.send(execute_describe(store, job))
        else:
            conn.send(execute_query(store, job))


class QueryTimeout(Exception):
    """A query ran past the time limit and its worker was stopped."""


@functools.cache
def _context() -> multiprocessing.context.BaseContext:
    """Workers start from a fork server that has imported what they run: a new worker is
    ready in milliseconds, not the second (several on a busy machine) a fresh interpreter
    takes to import pyoxigraph and tnkg, which is what lets the pool open a lane while
    queries run long. The server itself is never forked: it runs threads."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tnkg.serve.pool"])
    return context


class _Worker:
    def __init__(self, out_dir: Path) -> None:
        self.niced = False
        context = _context()
        self.conn, child_conn = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(str(out_dir), child_conn), daemon=True
        )
        self.process.start()
        child_conn.close()

    async def receive(self, timeout: float | None) -> object:
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        fd = self.conn.fileno()
        loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
        try:
            await asyncio.wait_for(readable, timeout)
        finally:
            loop.remove_reader(fd)
        return self.conn.recv()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(timeout=2)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


# the CPU priority of a worker whose query runs long (the lowest there is)
LONG_NICE = 19


class QueueFull(Exception):
    """A client has as many queries waiting as the pool lets one client queue."""


class QueryPool:
    """Worker processes answering queries, at most one query per worker at a time.

    `size` workers are always there. A query running longer than `short` seconds is
    *long*: its worker drops to the lowest CPU priority (nice 19), and while no worker is
    idle the pool starts one more for each long query (up to `size + extra`), so that a
    cheap query neither waits for runaway ones to hit the time limit nor shares the CPU
    with them as an equal: it gets a lane of its own and the CPU first. A worker above
    `size` stops when it has nothing to do; a worker whose priority cannot be raised again
    (raising it needs privileges an ordinary user lacks) is replaced. Each client (by
    address) may have at most `max_queued` queries waiting; past that it is told to come
    back (`QueueFull`, answered 429 with Retry-After).
    """

    def __init__(self, out_dir: Path, *, size: int, timeout: float, extra: int = 8,
                 short: float = 0.5, max_queued: int = 100) -> None:
        self.out_dir = out_dir
        self.size = size
        self.timeout = timeout
        self.extra = extra
        self.short = short
        self.max_queued = max_queued
        self._idle: list[_Worker] = []
        self._waiting: collections.deque[asyncio.Future] = collections.deque()
        self._queued: collections.Counter[str] = collections.Counter()
        self._all: set[_Worker] = set()
        self._spawning: set[asyncio.Task] = set()
        self._closing = False
        self._busy: dict[_Worker, float] = {}  # worker -> when its query started
        self.problem = ""  # why the last worker failed to start, for the error answer

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        self._idle.extend(workers)

    async def _spawn(self) -> _Worker:
        worker = _Worker(self.out_dir)
        self._all.add(worker)
        try:
            # Opening the store and importing pyoxigraph can take a while on a busy machine.
            greeting = await worker.receive(timeout=60)
        except (TimeoutError, EOFError, OSError) as error:
            greeting = f"a query worker did not start: {error or type(error).__name__}"
        if greeting != "ready":
            self._all.discard(worker)
            worker.kill()
            self.problem = str(greeting)
            raise QueryError(self.problem)
        return worker

    async def _add_worker(self) -> None:
        try:
            worker = await self._spawn()
        except QueryError as error:
            logging.getLogger("uvicorn.error").error("tnkg serve: %s", error)
            return
        if self._closing:
            self._all.discard(worker)
            await asyncio.to_thread(worker.stop)
            return
        self._release(worker)

    def _start_worker(self) -> None:
        task = asyncio.get_running_loop().create_task(self._add_worker())
        self._spawning.add(task)
        task.add_done_callback(self._spawning.discard)

    def _replace(self, worker: _Worker) -> None:
        """A worker killed or dead: gone; a new one only to keep `size` of them."""
        self._all.discard(worker)
        if worker.process.is_alive():
            worker.process.kill()
        # A niced process on a busy machine may take seconds to be scheduled and die: the
        # wait for it happens in a thread, never in the server's loop.
        asyncio.get_running_loop().run_in_executor(None, worker.kill)
        if not self._closing and len(self._all) < self.size:
            self._start_worker()

    def _went_long(self, worker: _Worker) -> None:
        """A query has run `short` seconds: its worker yields the CPU, and a lane opens."""
        if worker in self._busy and worker.process.is_alive():
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, worker.process.pid, LONG_NICE)
                worker.niced = True
        self._open_lane()

    def _open_lane(self) -> None:
        """Start workers while queries run long: one more per long query and a spare, so
        that the next query finds a lane at once, up to `size + extra` in all."""
        if self._closing:
            return
        long_running = self._long_running()
        if not long_running:
            return
        wanted = min(self.size + long_running + 1, self.size + self.extra)
        for _ in range(wanted - len(self._all)):  # (the workers starting are in _all)
            self._start_worker()

    def _release(self, worker: _Worker) -> None:
        """A free worker: to the first query waiting, else idle (or stopped if extra)."""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        if len(self._all) > self.size and self._idle and not self._long_running():
            self._all.discard(worker)
            # stopping waits for the process: in a thread, never in the server's loop
            asyncio.get_running_loop().run_in_executor(None, worker.stop)
            return
        self._idle.append(worker)

    def _long_running(self) -> int:
        now = time.monotonic()
        return sum(now - started >= self.short for started in self._busy.values())

    async def _acquire(self, client: str | None) -> _Worker:
        if self._idle:
            return self._idle.pop()
        if client is not None and self._queued[client] >= self.max_queued:
            raise QueueFull
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        if client is not None:
            self._queued[client] += 1
        self._open_lane()
        try:
            return await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self._release(waiter.result())  # handed a worker just as the client left
            raise
        finally:
            if client is not None:
                self._queued[client] -= 1

    @property
    def alive(self) -> int:
        return sum(worker.process.is_alive() for worker in self._all)

    async def run(self, job: QueryJob | StoredJob | DescribeJob, client: str | None = None
                  ) -> Reply:
        if not self._all and not self._spawning:
            return Reply.error(503, f"no query worker is running: {self.problem}")
        worker = await self._acquire(client)
        self._busy[worker] = time.monotonic()
        loop = asyncio.get_running_loop()
        watch = loop.call_later(self.short, self._went_long, worker)
        try:
            worker.conn.send(job)
            reply = await worker.receive(timeout=self.timeout)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(
                f"the query ran longer than the time limit of {self.timeout:g} s and was "
                "stopped; narrow it down (a LIMIT, fewer OPTIONALs) or start the server "
                "with a larger --timeout"
            ) from None
        except (EOFError, OSError):
            self._replace(worker)
            if self._closing:
                return Reply.error(503, "the server is stopping; the query was not finished")
            return Reply.error(500, "the query worker died while answering; try again")
        except BaseException:
            # Cancelled mid-query (client gone, server stopping): the worker's state is
            # unknown, so it is not reused.
            self._replace(worker)
            raise
        finally:
            watch.cancel()
            self._busy.pop(worker, None)
        if worker.niced:
            try:
                os.setpriority(os.PRIO_PROCESS, worker.process.pid, 0)
                worker.niced = False
            except OSError:  # an ordinary user may lower a priority but not raise it again
                self._replace(worker)
                return reply
        self._release(worker)
        return reply

    def end_running(self) -> None:
        """Server stopping: end the queries still running (each gets a 503), start no more."""
        self._closing = True
        for worker in list(self._busy):
            worker.process.kill()

    async def close(self) -> None:
        self._closing = True
        for task in list(self._spawning):
            task.cancel()
        for waiter in self._waiting:
            waiter.cancel()
        for worker in list(self._all):
            worker.stop()
        self._all.clear()

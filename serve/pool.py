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
import contextlib
import logging
import multiprocessing
import os
import signal
from multiprocessing.connection import Connection
from pathlib import Path

from tnkg.errors import QueryError, TnkgError
from tnkg.kg.store import open_store
from tnkg.serve.execution import QueryJob, Reply, StoredJob, execute_query, execute_stored


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
        else:
            conn.send(execute_query(store, job))


class QueryTimeout(Exception):
    """A query ran past the time limit and its worker was stopped."""


class _Worker:
    def __init__(self, out_dir: Path) -> None:
        context = multiprocessing.get_context("spawn")  # no forking of a threaded server
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


class QueryPool:
    """Worker processes answering queries, at most one query per worker at a time."""

    def __init__(self, out_dir: Path, *, size: int, timeout: float) -> None:
        self.out_dir = out_dir
        self.size = size
        self.timeout = timeout
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._spawning: set[asyncio.Task] = set()
        self._closing = False
        self._busy: set[_Worker] = set()
        self.problem = ""  # why the last worker failed to start, for the error answer

    async def start(self) -> None:
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    async def _spawn(self) -> None:
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
        self._idle.put_nowait(worker)

    async def _respawn(self) -> None:
        try:
            await self._spawn()
        except QueryError as error:
            logging.getLogger("uvicorn.error").error("tnkg serve: %s", error)

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.kill()
        if self._closing:
            return
        task = asyncio.get_running_loop().create_task(self._respawn())
        self._spawning.add(task)
        task.add_done_callback(self._spawning.discard)

    @property
    def alive(self) -> int:
        return sum(worker.process.is_alive() for worker in self._all)

    async def run(self, job: QueryJob | StoredJob) -> Reply:
        if not self._all:
            return Reply.error(503, f"no query worker is running: {self.problem}")
        worker = await self._idle.get()
        self._busy.add(worker)
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
            self._busy.discard(worker)
        self._idle.put_nowait(worker)
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
        for worker in list(self._all):
            worker.stop()
        self._all.clear()

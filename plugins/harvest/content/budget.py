"""A time budget per item, for work on contributors' text (Markdown plus sanitising).

Python-Markdown's regular expressions and nh3 run in C and Rust, where no Python signal handler or
exception reaches them: the only way to stop a body that takes too long is to stop the process it
runs in. So the work always runs in worker processes, however few the items (a small harvest and
the live preview too): forked where the system can (`start_method`), else spawned (Windows).

The budget is CPU time, not the clock: a busy machine (a CI runner with twelve other jobs) slows
every item down but costs none of them more CPU, so load cannot refuse an entry that a quiet
machine accepts. Each worker arms the kernel's profiling timer (ITIMER_PROF: the process's own CPU
time, to the microsecond) for each item; when it expires, SIGPROF's default action ends the
process, in the middle of C or Rust as well. The main process sees it die and gives its item
STOPPED. A generous clock ceiling (CEILING times the budget) remains only against a worker that
uses no CPU yet does not finish (stopped, or waiting on something). Where the system has no such
timer (Windows) the budget is the clock, as it was.

Each worker notes in shared memory which item it is on and since when; one that dies or passes the
ceiling is killed and replaced. Items are handed out in chunks, so a large harvest costs one
message per chunk, not per item."""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import wait

DEFAULT = 2.0  # seconds of CPU time; the setting HARVEST_TIME_BUDGET overrides it
# The clock ceiling against a worker that uses no CPU and does not finish, in budgets: at 2 s, 40 s
# of waiting, where a valid text at the size cap needs about 0.5 s of CPU.
CEILING = 20
# The kernel counts each worker's CPU time and ends it (POSIX: Linux, macOS); else the clock.
CPU_TIMER = hasattr(signal, "setitimer") and hasattr(signal, "SIGPROF")


class _Stopped:
    def __repr__(self) -> str:
        return "STOPPED"

    def __reduce__(self):  # one object, also after a round trip through a pipe
        return "STOPPED"


STOPPED = _Stopped()

# The environment variable that overrides the choice: OOGST_START_METHOD=spawn runs on Linux what
# Windows runs (the tests do).
START_METHOD = "OOGST_START_METHOD"


def start_method() -> str:
    """How this process starts its workers, decided here for all of them: "fork" where the system
    has it (a copy of this process: it starts in milliseconds, inherits whatever it is to run,
    nothing is pickled), else "spawn" (a fresh interpreter, to which the work is pickled)."""
    chosen = os.environ.get(START_METHOD)
    methods = multiprocessing.get_all_start_methods()
    if chosen:
        if chosen not in methods:
            raise ValueError(f"{START_METHOD}={chosen}: kies uit {', '.join(methods)}")
        return chosen
    return "fork" if "fork" in methods else "spawn"


def forks() -> bool:
    """True when workers are forked: they may run closures and share what this process made."""
    return start_method() == "fork"


def context():
    """The multiprocessing context every worker of the build starts from."""
    return multiprocessing.get_context(start_method())


def _serve(slot: int, conn, job) -> None:
    faulthandler.disable()  # a crash here is reported as the entry's problem, not as a dump
    # The parent may have paused its collector while it gathers the results (reading.read_all): a
    # worker makes garbage cycles with every text (Python-Markdown's), and collects them.
    gc.enable()
    func, items, progress, budget = job
    if CPU_TIMER:  # the timer's signal ends the process, whatever a parent installed for it
        signal.signal(signal.SIGPROF, signal.SIG_DFL)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        results = []
        try:
            for i in range(*task):
                # -1 first: the main process never pairs an item with another's start time.
                progress[2 * slot] = -1
                progress[2 * slot + 1] = time.monotonic()
                progress[2 * slot] = i
                if CPU_TIMER:  # this item's CPU time, counted by the kernel from here
                    signal.setitimer(signal.ITIMER_PROF, budget)
                try:
                    results.append(func(items[i]))
                except (RecursionError, MemoryError):  # too deep or too big: as too slow
                    results.append(STOPPED)
                finally:
                    if CPU_TIMER:
                        signal.setitimer(signal.ITIMER_PROF, 0)
            progress[2 * slot] = -1
        except Exception as error:  # a bug, not the input: the main process raises it
            conn.send(error)
            continue
        conn.send(results)


class _Worker:
    def __init__(self, context, slot: int, job: tuple):
        # The job goes as the process's argument: a forked worker inherits it as it is (a closure
        # too), a spawned one gets it pickled.
        self.progress = job[2]  # per worker: (index of the item it is on, or -1; since when)
        self.progress[2 * slot] = -1  # not the item the worker it replaces was stopped on
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(slot, child, job), daemon=True)
        self.process.start()
        child.close()
        self.slot = slot
        self.task: tuple[int, int] | None = None

    def on(self) -> tuple[int, float] | None:
        """The item this worker is on and since when; None between items."""
        progress = self.progress
        index, began = progress[2 * self.slot], progress[2 * self.slot + 1]
        if index < 0 or index != progress[2 * self.slot]:
            return None
        return int(index), began

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def close(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def run(func: Callable, items: list, budget: float = DEFAULT, workers: int = 1,
        chunk: int = 1, ceiling: float | None = None, meanwhile: Callable | None = None) -> list:
    """func(item) for every item, in order, in `workers` processes. An item whose call takes more
    than `budget` seconds of CPU time, or recurses too deep, or kills its process, or has not
    finished after `ceiling` seconds by the clock (default CEILING budgets; without a CPU timer,
    the budget itself), gets STOPPED.
    Where workers are spawned (`forks()` is False), func and items must pickle: func a module's
    function, or a functools.partial of one. `meanwhile()`, if given, runs here once, while the
    workers are on their first items (this process would otherwise only wait)."""
    if not items:
        if meanwhile is not None:
            meanwhile()
        return []
    if ceiling is None:
        ceiling = budget * CEILING if CPU_TIMER else budget
    processes = context()
    workers = max(1, min(workers, len(items)))
    results: list = [None] * len(items)
    tasks = deque((start, min(start + chunk, len(items))) for start in range(0, len(items), chunk))
    job = (func, items, processes.RawArray("d", [-1.0, 0.0] * workers), budget)
    pool: list[_Worker] = []
    lost: set = set()  # chunks whose worker died between items once already
    with contextlib.ExitStack() as closing:
        closing.callback(lambda: [worker.close() for worker in pool])
        pool = [_Worker(processes, slot, job) for slot in range(workers)]
        while True:
            for i, worker in enumerate(pool):
                if worker.task is None and tasks:
                    try:
                        worker.conn.send(tasks[0])
                    except OSError:  # stopped before, or died while idle (the OOM killer): replace it
                        worker.kill()
                        pool[i] = worker = _Worker(processes, worker.slot, job)
                        worker.conn.send(tasks[0])
                    worker.task = tasks.popleft()
            if meanwhile is not None:
                meanwhile, then = None, meanwhile
                then()
                continue  # what finished meanwhile first
            busy = [w for w in pool if w.task is not None]
            if not busy:
                return results
            deadlines = [on[1] + ceiling for on in map(_Worker.on, busy) if on]
            timeout = max(0.01, min(deadlines) - time.monotonic()) if deadlines else 0.1
            ready = wait([w.conn for w in busy], timeout)
            for worker in busy:
                if worker.conn in ready:
                    try:
                        got = worker.conn.recv()
                    except (EOFError, OSError):  # it died: a crash in C, or killed by the system
                        got = None
                    if isinstance(got, Exception):
                        raise got
                    if got is not None:
                        start, stop = worker.task
                        results[start:stop] = got
                        worker.task = None
                        continue
                    on = worker.on()
                else:
                    on = worker.on()
                    if on is None or time.monotonic() - on[1] <= ceiling:
                        continue
                # Stopped: the item it was on fails; what remains of its chunk goes to others.
                start, stop = worker.task
                index = on[0] if on and start <= on[0] < stop else None
                worker.kill()  # replaced when there is work for it (a spawned one takes a while)
                worker.task = None
                if index is None and (start, stop) not in lost:  # died between items: once more
                    lost.add((start, stop))
                    tasks.appendleft((start, stop))
                    continue
                if index is None:
                    results[start:stop] = [STOPPED] * (stop - start)
                    continue
                results[index] = STOPPED
                for part in ((index + 1, stop), (start, index)):
                    if part[0] < part[1]:
                        tasks.appendleft(part)

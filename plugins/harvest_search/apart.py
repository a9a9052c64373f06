"""Work done in a forked process from the moment its first inputs exist: `first` runs as soon as it
is begun, `then` once the rest of its inputs are sent, and its result is collected when needed. A
one-off build of a large harvest makes its search index so (generator.py): on the core this process
leaves idle while it checks, links and lists the entries, not beside the page workers."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from harvest.content import budget

logger = logging.getLogger(__name__)


class Apart:
    """`first(*args)` in a forked process; then `then(what first returned, later)`, whose result
    `collect` returns as `(result,)`: `later()` gives what `send` handed over, one call per `send`,
    waiting for it if need be. Should the process fail or die,
    `collect` returns None, and the caller does the work itself: a bug then raises there, with its
    traceback, as it would have without a process apart."""

    def __init__(self, first: Callable, then: Callable):
        self.first, self.then = first, then
        self.process = self.later = self.result = None

    @property
    def begun(self) -> bool:
        return self.process is not None

    def begin(self, *args) -> None:
        processes = budget.context()
        later_in, self.later = processes.Pipe(duplex=False)
        self.result, result_out = processes.Pipe(duplex=False)
        self.process = processes.Process(target=self._run, args=(args, later_in, result_out), daemon=True)
        self.process.start()
        later_in.close()
        result_out.close()

    def _run(self, args: tuple, later_in, result_out) -> None:
        # What is sent later is read as it comes, by a thread, so that `send` never waits for `first`.
        self.later.close()
        self.result.close()
        sent: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=_receive, args=(later_in, sent), daemon=True).start()

        def later():
            item = sent.get()
            if item is _ENDED:
                raise EOFError("the build stopped before sending it")
            return item

        try:
            result = (self.then(self.first(*args), later),)
        except BaseException:  # done again by the process that collects it, which reports it
            logger.debug("Het werk apart lukte niet; dit proces doet het opnieuw.", exc_info=True)
            result = None
        result_out.send(result)
        result_out.close()

    def send(self, later) -> None:
        """Hand over the rest of the inputs (it does not wait for the process apart to take them)."""
        try:
            self.later.send(later)
        except OSError:  # it died: `collect` says so
            pass

    def collect(self):
        """`(result,)`, or None when the process apart failed or died."""
        try:
            made = self.result.recv()
        except (EOFError, OSError):
            made = None
        self.stop()
        return made

    def stop(self) -> None:
        if self.process is None:
            return
        self.later.close()
        self.result.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.process = None


_ENDED = object()


def _receive(conn, sent: queue.SimpleQueue) -> None:
    try:
        while True:
            sent.put(conn.recv())
    except (EOFError, OSError):  # closed: everything was sent, or the build stopped
        sent.put(_ENDED)
    conn.close()

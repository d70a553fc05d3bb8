"""`closer dispatch`: the dispatcher as a long-running loop (the Lambda calls `dispatch_once`).

SIGTERM and SIGINT stop it between ticks: a deploy or Ctrl-C lets the sends in flight finish and
be recorded, instead of leaving them to the reaper as lost-in-flight.
"""
from __future__ import annotations

import logging
import signal
import threading
import time

from skill.clock import now as clock_now

from .dispatcher import DispatchReport, get_dispatcher

log = logging.getLogger(__name__)


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT (main thread only), for `run_forever(stop=...)`."""
    stop = threading.Event()

    def _stop(signum, _frame) -> None:
        log.info("dispatcher stopping after this tick", extra={"signal": signal.Signals(signum).name})
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
    return stop


def run_forever(app, *, interval: float = 5.0, stop=None, idle_exit: bool = False) -> DispatchReport:
    """`closer dispatch`: tick every `interval` seconds (immediately again while busy).

    `stop` is an optional `threading.Event`; `idle_exit` returns once nothing is due, claimed or
    in flight (used by tests and the benchmark). Returns the summed report.
    """
    total = DispatchReport()
    dispatcher = get_dispatcher(app)
    while stop is None or not stop.is_set():
        with app.app_context():
            report = dispatcher.tick(clock_now())
        total.merge(report)
        if report.claimed:
            continue
        if idle_exit and dispatcher.store.idle():
            break
        if stop is not None:
            stop.wait(interval if not idle_exit else min(interval, 0.05))
        else:
            time.sleep(interval if not idle_exit else min(interval, 0.05))
    return total

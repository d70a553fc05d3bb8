"""`closer dispatch`: the dispatcher as a long-running loop (the Lambda calls `dispatch_once`).

SIGTERM and SIGINT stop it between ticks: a deploy or Ctrl-C lets the sends in flight finish and
be recorded, instead of leaving them to the reaper as lost-in-flight.

`--processes N` runs N dispatchers side by side, one per process: a dispatcher's sending threads
share one interpreter lock, so on a machine with several cores this is how a busy evening's
nudges go out faster. The processes share nothing but Redis, exactly like dispatchers on
separate hosts, and the state machine in scripts.py keeps every nudge to one send.
"""
from __future__ import annotations

import logging
import multiprocessing
import queue
import signal
import threading
import time
from datetime import datetime

from skill.clock import now as clock_now

from .dispatcher import DispatchReport, dispatch_once, get_dispatcher

log = logging.getLogger(__name__)


def stop_on_signals(stop=None):
    """An event set by SIGTERM or SIGINT (main thread only), for `run_forever(stop=...)`: `stop`
    when given (a multiprocessing Event shared with a parent), else a new threading.Event."""
    stop = threading.Event() if stop is None else stop

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


def run_processes(app, processes: int, *, once: bool = False, now: datetime | None = None,
                  interval: float = 5.0, idle_exit: bool = False) -> tuple[DispatchReport, int]:
    """Run `processes` dispatchers in their own processes until they finish (or SIGTERM/SIGINT
    stops them between ticks). Returns the summed report and how many processes failed to
    report (killed, or crashed at start-up; their claims are settled by the reaper)."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no inherited sockets or threads
    results = context.Queue()
    # Stopping is passed on through a shared event, not a signal: a child still starting up (a
    # spawned interpreter takes a while to import us) has no handler yet, and SIGTERM would kill it
    # before it reports. The event is there from its first instruction; it stops at its next tick.
    stop_children = context.Event()
    config = child_config(app)
    children = [context.Process(target=_child, args=(config, once, now, interval, idle_exit, results, stop_children),
                                name=f"closer-dispatch-{n}") for n in range(processes)]
    # Our handlers last as long as the children do; whoever called us gets theirs back.
    previous = ({s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
                if threading.current_thread() is threading.main_thread() else {})
    stop = stop_on_signals()
    try:
        for child in children:
            child.start()
        total, reported, forwarded = DispatchReport(), 0, False
        while reported < processes and (any(c.is_alive() for c in children) or not results.empty()):
            if stop.is_set() and not forwarded:
                stop_children.set()  # each stops after its current tick
                forwarded = True
            try:
                total.merge(DispatchReport(**results.get(timeout=0.2)))
                reported += 1
            except queue.Empty:
                continue
        for child in children:
            child.join()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return total, processes - reported


def child_config(app) -> dict:
    """The settings a dispatcher process needs to build the same app: our own settings, and the
    embedded Redis's socket (a child must use the parent's server, not start another)."""
    config = {k: v for k, v in app.config.items() if k.startswith(("CLOSER_", "TWILIO_", "REDIS_", "SECRET_"))}
    server = app.extensions.get("closer.redis_server")
    if server is not None:
        config["REDIS_URL"] = f"unix://{server.socket_file}"
    return config


def _child(config: dict, once: bool, now, interval: float, idle_exit: bool, results, stop) -> None:
    """One dispatcher process (the target of `run_processes`); `stop` is the event the parent sets,
    which a signal sent to this process directly (a service manager stopping the group) sets too."""
    stop_on_signals(stop)
    from skill import create_app

    app = create_app(config)
    if once:
        report = dispatch_once(app, now)
    else:
        report = run_forever(app, interval=interval, idle_exit=idle_exit, stop=stop)
    results.put(report.as_dict())

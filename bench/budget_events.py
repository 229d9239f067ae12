"""Take pyinstrument's own cost back out of a budget: count its events per feature.

pyinstrument's hook runs on every Python call and return and every C call and return.
What one run costs depends on the kind of frame (a coroutine or generator resuming costs
the hook about twice what a plain function call does) and hardly on anything else; the
profiled code pays it where the event happens. Code made of many small calls (routing,
dependency resolution, the ORM) therefore collects more of the profiler's cost than code
that spends its time inside one C call (pydantic-core, a socket write), and the raw
profile overstates it, two- to threefold here.

`EventCounter` counts the hook's events per feature and kind over a separate run of the
same requests (classified by the same rules, from the same stacks), and `calibrate`
measures what one event of each kind costs the running profiler (empty functions,
coroutines and built-in calls, with and without it). `bench/budget.py` subtracts
events x cost from each feature's profiled time; what the profiler costs beyond that
(taking samples, caches) is spread in proportion to time, and goes when the remainders
are scaled to the unprofiled CPU time.
"""

import contextlib
import inspect
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import chain
from types import CodeType, FrameType
from typing import Any

from bench.budget_rules import CATEGORIES, IDLE, classify_outward

_keys: dict[CodeType, str] = {}


def code_key(code: CodeType) -> str:
    """The identifier pyinstrument gives a Python frame (function, file, first line)."""
    key = _keys.get(code)
    if key is None:
        key = _keys[code] = f"{code.co_name}\x00{code.co_filename}\x00{code.co_firstlineno}"
    return key


def builtin_key(function: Any) -> str:
    """The identifier pyinstrument gives a C function (its qualified name)."""
    name = getattr(function, "__qualname__", None) or getattr(function, "__name__", "?")
    return f"{name}\x00<built-in>\x000"


def outward(frame: FrameType | None) -> Iterator[str]:
    while frame is not None:
        yield code_key(frame.f_code)
        frame = frame.f_back


RESUMABLE = (
    inspect.CO_COROUTINE | inspect.CO_ITERABLE_COROUTINE | inspect.CO_ASYNC_GENERATOR | inspect.CO_GENERATOR
)
KINDS = ("function", "coroutine", "builtin")  # what an event costs the hook differs by kind


class EventCounter:
    """`with EventCounter() as counter:` counts profile events per (feature, kind) in `counts`."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()

    def _hook(self, frame: FrameType, event: str, arg: Any) -> None:
        # The stack pyinstrument would record at this event (its `build_call_stack`): the
        # caller's for a call, the C function on top of its caller's as a C call ends.
        if event.startswith("c_"):
            kind = "builtin"
            frames = outward(frame)
            if event != "c_call":
                frames = chain((builtin_key(arg),), frames)
        else:
            kind = "coroutine" if frame.f_code.co_flags & RESUMABLE else "function"
            frames = outward(frame.f_back if event == "call" else frame)
        self.counts[classify_outward(frames), kind] += 1

    def __enter__(self) -> "EventCounter":
        sys.setprofile(self._hook)
        return self

    def __exit__(self, *_: object) -> None:
        sys.setprofile(None)


def _function() -> None:
    return None


async def _coroutine() -> None:
    return None


async def _awaiting(calls: int) -> None:
    for _ in range(calls):
        await _coroutine()


def _workloads(calls: int) -> dict[str, Callable[[], None]]:
    """Per kind, `calls` iterations of two events each (call and return)."""
    sized = [0]

    def functions() -> None:
        for _ in range(calls):
            _function()

    def coroutines() -> None:
        with contextlib.suppress(StopIteration):
            _awaiting(calls).send(None)

    def builtins() -> None:
        for _ in range(calls):
            len(sized)

    return {"function": functions, "coroutine": coroutines, "builtin": builtins}


def calibrate(
    start: Callable[[], object], stop: Callable[[], object], calls: int = 200_000
) -> dict[str, float]:
    """CPU seconds the running profiler adds to one event of each kind (best of three)."""

    def timed(work: Callable[[], None]) -> float:
        best = float("inf")
        for _ in range(3):
            started = time.thread_time()
            work()
            best = min(best, time.thread_time() - started)
        return best

    workloads = _workloads(calls)
    plain = {kind: timed(work) for kind, work in workloads.items()}
    start()
    profiled = {kind: timed(work) for kind, work in workloads.items()}
    stop()
    return {kind: max(profiled[kind] - plain[kind], 0.0) / (2 * calls) for kind in KINDS}


def corrected(figures: dict[str, Any], residual_by_events: bool = False) -> dict[str, float]:
    """Profiled CPU seconds per feature less the profiler's cost for its events (events of
    each kind x what one event of that kind was measured to cost).

    What the calibration does not explain (taking samples, caches, calls dearer than the
    calibrated ones) stays, and is spread in proportion to time when `per_request` scales
    the remainders; `residual_by_events` charges it in proportion to events instead, the
    other bound of what it can be.
    """
    requests, cost = figures["requests"], figures["seconds_per_event"]
    samples, events = figures["samples_seconds"], figures["events_per_request"]
    features = [category for category in CATEGORIES if category != IDLE]
    counted = {category: sum(events.get(category, {}).values()) * requests for category in features}
    left = {
        category: samples.get(category, 0.0)
        - requests * sum(cost[kind] * n for kind, n in events.get(category, {}).items())
        for category in features
    }
    if residual_by_events:
        residual = max(sum(left.values()) - figures["unprofiled_seconds"]["cpu"], 0.0)
        total = sum(counted.values())
        left = {category: left[category] - residual * counted[category] / total for category in features}
    return {category: max(seconds, 0.0) for category, seconds in left.items()}


def per_request(figures: dict[str, Any], residual_by_events: bool = False) -> dict[str, float]:
    """Microseconds per request by feature: the corrected profile's shares of the CPU time
    the same requests took without the profiler; waiting is wall time less that CPU time."""
    requests, plain = figures["requests"], figures["unprofiled_seconds"]
    shares = corrected(figures, residual_by_events)
    cpu = plain["cpu"] / requests * 1e6
    budget = {category: seconds / sum(shares.values()) * cpu for category, seconds in shares.items()}
    budget[IDLE] = max(plain["wall"] - plain["cpu"], 0.0) / requests * 1e6
    return budget

"""Print `just bench` results: the service against the peer and bare first, then the rest."""

from typing import Any

# Result keys, written by `bench/run.py` and `bench/load.py` and read here
LIST = "users list (50 rows)"
ME = "users/me"
SERVERS = ("generated", "peer", "bare")  # the order servers are loaded in each round
AFTER_START_UP = "after start-up"  # a snapshot of the resident size, not a peak
READS_RSS = "reads (list, me)"
TOTAL_SCAFFOLD = "total to first authenticated 200 (warm cache)"
COMPILED = "compiled bytecode"


def ratios(figures: dict[str, Any], against: str = "bare") -> tuple[float, float]:
    """(req/s, p99) of the generated service over `against`, for one endpoint's medians."""
    generated, other = figures["generated"], figures[against]
    return (
        _divide(generated["requests_per_second"], other["requests_per_second"]),
        _divide(generated["p99_ms"], other["p99_ms"]),
    )


def _divide(numerator: float, denominator: float) -> float:
    """NaN (printed `nan`, never met) when a server answered nothing in time (wrk saw 0)."""
    return numerator / denominator if denominator else float("nan")


def acceptance(results: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(what, measured, met): the generated service against the hand-written peer."""
    load = results["load"]
    list_rps, list_p99 = ratios(load[LIST], "peer")
    me_rps, me_p99 = ratios(load[ME], "peer")
    return [
        ("users list req/s >= 1.3 x peer", f"{list_rps:.2f} x", list_rps >= 1.3),
        ("users/me req/s >= 1.0 x peer", f"{me_rps:.2f} x", me_rps >= 1.0),
        ("users list p99 <= peer's", f"{list_p99:.2f} x", list_p99 <= 1.0),
        ("users/me p99 <= peer's", f"{me_p99:.2f} x", me_p99 <= 1.0),
    ]


def targets(results: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(what, measured, met) for the service's other performance targets."""
    rps, p99 = ratios(results["load"][LIST])
    rows = [
        ("users list req/s >= 0.40 x bare", f"{rps:.2f} x", rps >= 0.40),
        ("users list p99 <= 2.5 x bare", f"{p99:.2f} x", p99 <= 2.5),
    ]
    memory = results["peak_rss_mb"].get(READS_RSS)
    if memory is not None:
        peak = memory["generated"]
        rows.append(("peak RSS (reads) < 150 MiB", f"{peak:.0f} MiB", peak < 150))
    boot = results["startup"][COMPILED]
    rows.append(("start-up to ready 200 < 3 s (bytecode)", f"{boot:.2f} s", boot < 3))
    scaffold = results["scaffold_seconds"][TOTAL_SCAFFOLD]
    rows.append(("scaffold to first 200 < 60 s (warm uv)", f"{scaffold:.1f} s", scaffold < 60))
    return rows


def print_lines(rows: list[tuple[str, str, bool]]) -> None:
    for what, measured, met in rows:
        print(f"  {what:<40} {measured:>10}  {'met' if met else 'NOT met'}")


def print_headline(results: dict[str, Any]) -> None:
    load = results["load"]
    print("\n== generated / peer and generated / bare (same run, medians) ==")
    columns = ("req/s vs peer", "p99 vs peer", "req/s vs bare", "p99 vs bare")
    print(f"{'endpoint':<24} " + " ".join(f"{column:>14}" for column in columns))
    for name in (LIST, ME):
        peer_rps, peer_p99 = ratios(load[name], "peer")
        bare_rps, bare_p99 = ratios(load[name], "bare")
        print(f"{name:<24} {peer_rps:>14.2f} {peer_p99:>14.2f} {bare_rps:>14.2f} {bare_p99:>14.2f}")
    print("\n== acceptance (against the hand-written peer) ==")
    print_lines(acceptance(results))


def print_report(results: dict[str, Any]) -> None:
    print_headline(results)
    load = results["load"]
    others = [name for name in load if name not in (LIST, ME)]
    if others:
        print(f"\n{'other endpoints':<24} {'req/s vs peer':>14} {'p99 vs peer':>14} {'req/s vs bare':>14}")
        for name in others:
            peer_rps, peer_p99 = ratios(load[name], "peer")
            print(f"{name:<24} {peer_rps:>14.2f} {peer_p99:>14.2f} {ratios(load[name])[0]:>14.2f}")
    print(f"{'RSS ratio':<24} {'vs peer':>14} {'vs bare':>14}")
    for phase, memory in results["peak_rss_mb"].items():
        generated = memory["generated"]
        print(f"  {phase:<22} {generated / memory['peer']:>14.2f} {generated / memory['bare']:>14.2f}")

    print("\n== other targets ==")
    print_lines(targets(results))

    print("\n== load (raw) ==")
    print(f"{'endpoint':<24} {'server':<10} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9}")
    for name, figures in load.items():
        for label, numbers in figures.items():
            print(
                f"{name:<24} {label:<10} {numbers['requests_per_second']:>9.1f} "
                f"{numbers['p50_ms']:>9.2f} {numbers['p99_ms']:>9.2f}"
            )
    print(f"RSS MiB (peak per workload; '{AFTER_START_UP}' is the resident size then):")
    for phase, memory in results["peak_rss_mb"].items():
        sizes = "   ".join(f"{label} {memory[label]:6.1f}" for label in SERVERS)
        print(f"  {phase:<28} {sizes}")
    settings = results["load_settings"]
    machine = results["machine"]
    print(
        f"(wrk, {settings['connections']} connections, {settings['rounds']} interleaved rounds "
        f"of {settings['seconds']} s, 1 uvicorn worker each; {machine['cores']} cores; load "
        f"average {_loads(machine.get('load_average_at_start'))} at start, "
        f"{_loads(machine.get('load_average_after_load'))} after the load phase)"
    )

    print("\n== scaffold to first authenticated 200 (s) ==")
    for phase, seconds in results["scaffold_seconds"].items():
        print(f"  {seconds:7.2f}  {phase}")

    print("\n== start-up to /health/ready 200 (s) ==")
    for label, value in results["startup"].items():
        if isinstance(value, float):
            print(f"  {value:7.2f}  {label}")
    print("  slowest imports (cumulative ms):")
    for milliseconds, module in results["startup"]["slowest top-level imports (ms, cumulative)"]:
        print(f"  {milliseconds:9.1f}  {module}")

    if "tooling_seconds" in results:
        print("\n== tooling (s) ==")
        for label, seconds in results["tooling_seconds"].items():
            print(f"  {seconds:7.2f}  {label}")


def _loads(averages: list[float] | None) -> str:
    return "/".join(f"{value:.2f}" for value in averages) if averages else "?"

"""Print `just bench` results: ratios first (with the targets), then the raw figures."""

from typing import Any

# Result keys, written by `bench/run.py` and read here
LIST = "users list (50 rows)"
AFTER_START_UP = "after start-up"  # a snapshot of the resident size, not a peak
READS_RSS = "reads (list, me)"
TOTAL_SCAFFOLD = "total to first authenticated 200 (warm cache)"
COMPILED = "compiled bytecode"


def ratios(figures: dict[str, Any]) -> tuple[float, float]:
    """(req/s, p99) of the generated service over the bare baseline, for one endpoint's medians."""
    generated, bare = figures["generated"], figures["bare"]
    return (
        generated["requests_per_second"] / bare["requests_per_second"],
        generated["p99_ms"] / bare["p99_ms"],
    )


def targets(results: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(what, measured, met) for the service's performance targets."""
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


def print_report(results: dict[str, Any]) -> None:
    load = results["load"]
    print("\n== generated / bare (same run, medians) ==")
    print(f"{'endpoint':<24} {'req/s ratio':>12} {'p99 ratio':>10}")
    for name, figures in load.items():
        rps, p99 = ratios(figures)
        print(f"{name:<24} {rps:>12.2f} {p99:>10.2f}")
    for phase, memory in results["peak_rss_mb"].items():
        print(f"{'RSS ' + phase:<37} {memory['generated'] / memory['bare']:>9.2f}")

    print("\n== targets ==")
    for what, measured, met in targets(results):
        print(f"  {what:<40} {measured:>10}  {'met' if met else 'NOT MET'}")

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
        print(f"  {phase:<28} generated {memory['generated']:6.1f}   bare {memory['bare']:6.1f}")
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

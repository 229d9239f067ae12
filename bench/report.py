"""Print `just bench` results: ratios first, then the raw figures."""

from typing import Any


def print_report(results: dict[str, Any]) -> None:
    load = results["load"]
    print("\n== generated / bare (same run, medians) ==")
    print(f"{'endpoint':<24} {'req/s ratio':>12} {'p99 ratio':>10}")
    for name, figures in load.items():
        generated, bare = figures["generated"], figures["bare"]
        rps = generated["requests_per_second"] / bare["requests_per_second"]
        p99 = generated["p99_ms"] / bare["p99_ms"]
        print(f"{name:<24} {rps:>12.2f} {p99:>10.2f}")
    memory = results["peak_rss_mb"]
    print(f"{'peak RSS':<24} {memory['generated'] / memory['bare']:>12.2f}")

    print("\n== load (raw) ==")
    print(f"{'endpoint':<24} {'server':<10} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9}")
    for name, figures in load.items():
        for label, numbers in figures.items():
            print(
                f"{name:<24} {label:<10} {numbers['requests_per_second']:>9.1f} "
                f"{numbers['p50_ms']:>9.2f} {numbers['p99_ms']:>9.2f}"
            )
    print(f"peak RSS MiB: generated {memory['generated']:.1f}, bare {memory['bare']:.1f}")
    settings = results["load_settings"]
    print(
        f"(wrk, {settings['connections']} connections, {settings['rounds']} interleaved rounds "
        f"of {settings['seconds']} s, 1 uvicorn worker each)"
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

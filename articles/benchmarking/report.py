"""The benchmark's results as one markdown document."""

NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
LINK_NAMES = {
    "articleperson": "article–person",
    "articleorganization": "article–organization",
    "articleplace": "article–place",
    "articleevent": "article–event",
}


def markdown(results, *, duration, connections):
    parts = [
        "# Newsroom benchmark",
        "",
        f"wrk, {connections} connections, {duration} s per URL, each page right after the bare "
        "view (a constant answer through the same middleware) in the same gunicorn; "
        "ratio = page req/s ÷ bare req/s. Uncached: no page cache (ETags still computed); "
        "cached: whole pages in Redis, anonymous readers.",
    ]
    for result in results:
        parts += ["", *_database(result)]
    loaded = [result for result in results if result.get("load")]
    if loaded:
        parts += ["", *load_section(loaded)]
    return "\n".join(parts) + "\n"


def load_section(results):
    """The load test of each database in `results` (that ran one), as markdown lines."""
    first = results[0]["load"]
    missing = sum(url["missing"] for url in first["urls"])
    classes = {}
    for url in first["urls"]:
        classes[url["name"]] = classes.get(url["name"], 0) + 1
    lines = [
        f"## Load test: {first['duration']} s at {first['connections']} connections",
        "",
        f"One wrk run through {len(first['urls'])} public URLs in turn, each connection "
        "starting at another; gunicorn with one sync worker per core; the page cache on "
        f"(Redis); wrk's timeout {first['timeout_s']} s. The URLs: "
        + ", ".join(f"{name} ×{count}" if count > 1 else name for name, count in classes.items())
        + f". Unknown slugs ({missing} of the URLs) must answer 404 (expected 404s); any other "
        "answer outside 2xx, a 404 from a page that exists or a 2xx from an unknown slug is "
        "unexpected.",
        "",
        "| database | requests | req/s | p50 ms | p99 ms | socket errors "
        "(connect/read/write/timeout) | no answer | 2xx | expected 404 | unexpected | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results:
        load = result["load"]
        errors = load["socket_errors"]
        lines.append(
            f"| {_name(result)} | {load['requests']:,} | {load['rps']:,.0f} | "
            f"{load['p50']:.1f} | {load['p99']:.1f} | "
            f"{errors['connect']} / {errors['read']} / {errors['write']} / {errors['timeout']} | "
            f"{load['unanswered']:,} | {load['ok']:,} | {load['expected_404']:,} | "
            f"{load['unexpected']:,} | {'**failed**' if load['failed'] else 'passed'} |"
        )
    lines.append("")
    for result in results:
        for url in result["load"]["urls"]:
            if url["unexpected"] or url["unanswered"]:
                answers = ", ".join(
                    f"{count:,} × {status}" for status, count in url["statuses"].items()
                )
                lines.append(
                    f"- {_name(result)}, {url['name']} `{url['path']}`: {answers or 'no answer'}"
                    + (f"; {url['unanswered']:,} without an answer" if url["unanswered"] else "")
                    + "."
                )
    lines.append(
        "- Resident memory of a web worker after the load test: "
        + ", ".join(
            f"{result['load']['worker_rss_mb']:.0f} MiB ({_name(result)})" for result in results
        )
        + "."
    )
    return lines


def load_failures(results):
    """One message per database whose load test failed (empty if all passed or none ran)."""
    messages = []
    for result in results:
        load = result.get("load")
        if load and load["failed"]:
            messages.append(
                f"{_name(result)}: {sum(load['socket_errors'].values()):,} socket errors, "
                f"{load['unanswered']:,} requests without an answer, "
                f"{load['unexpected']:,} unexpected answers"
            )
    return messages


def _name(result):
    return NAMES.get(result["vendor"], result["vendor"])


def _database(result):
    imported = result["import"]
    plain, extracted = imported["without_extraction"], imported["with_extraction"]
    lines = [
        f"## {_name(result)}, {result['articles']:,} articles",
        "",
        f"- Import without extraction: **{_rate(plain)} articles/s** "
        f"({plain['articles']:,} in {plain['seconds']:.1f} s).",
        f"- Import with extraction, {extracted['workers']} worker processes: "
        f"**{_rate(extracted)} articles/s** ({extracted['articles']:,} in "
        f"{extracted['seconds']:.1f} s, rolled back); the machine's cores were "
        f"{extracted['cpu_busy']:.0%} busy.",
        "- Links written: "
        + ", ".join(
            f"{count:,} {LINK_NAMES.get(kind, kind)}" for kind, count in imported["links"].items()
        )
        + ".",
        "",
        "| page | SQL queries | uncached req/s | bare req/s | ratio | p50 ms | p95 ms | p99 ms "
        "| cached req/s | bare req/s | ratio | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: |",
    ]
    queries = {page["name"]: page["queries"] for page in result["pages"]}
    uncached, cached = result["http"]["uncached"], result["http"]["cached"]
    for plain_row, cached_row in zip(uncached["rows"], cached["rows"], strict=True):
        name = plain_row["name"]
        lines.append(
            f"| {name} | {queries.get(name, '')} | {_cells(plain_row)} | {_cells(cached_row)} |"
        )
    failures = [
        f"{mode} {row['name']}: {row['page']['errors']} socket errors, "
        f"{row['page']['non_2xx']} non-2xx"
        for mode in ("uncached", "cached")
        for row in result["http"][mode]["rows"]
        if row["page"]["errors"] or row["page"]["non_2xx"]
    ]
    lines += [
        "",
        f"- Resident memory of a web worker after the run: {uncached['worker_rss_mb']:.0f} MiB "
        f"uncached, {cached['worker_rss_mb']:.0f} MiB cached.",
        "- Errors: "
        + ("; ".join(failures) if failures else "none (no socket errors, no non-2xx)."),
        f"- The whole run took {result['seconds'] / 60:.1f} min.",
    ]
    return lines


def _rate(part):
    return f"{part['articles'] / part['seconds']:,.0f}" if part["seconds"] else "–"


def _cells(row):
    page, bare = row["page"], row["bare"]
    ratio = page["rps"] / bare["rps"] if bare["rps"] else 0.0
    return (
        f"{page['rps']:,.0f} | {bare['rps']:,.0f} | {ratio:.0%} | "
        f"{page['p50']:.1f} | {page['p95']:.1f} | {page['p99']:.1f}"
    )

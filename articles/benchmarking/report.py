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
    return "\n".join(parts) + "\n"


def _database(result):
    imported = result["import"]
    plain, extracted = imported["without_extraction"], imported["with_extraction"]
    lines = [
        f"## {NAMES.get(result['vendor'], result['vendor'])}, {result['articles']:,} articles",
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

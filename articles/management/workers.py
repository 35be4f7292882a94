"""The --workers option shared by the commands that extract entities."""

import os

# Below this many articles, starting worker processes costs more than it saves.
PARALLEL_FROM = 32


def add_workers_argument(parser):
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help=(
            "processes that extract entities while this one writes; 0 extracts here "
            f"(default: one per CPU core for {PARALLEL_FROM} articles or more, else 0)"
        ),
    )


def workers_for(requested, article_count):
    if requested is not None:
        return max(0, requested)
    return (os.cpu_count() or 1) if article_count >= PARALLEL_FROM else 0

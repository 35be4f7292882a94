"""The site's settings plus the benchmark's bare view (manage.py bench serves these)."""

import os

from newsroom.settings import *  # noqa: F403
from newsroom.settings import NEWSROOM_PAGE_CACHE_EXCLUDE

ROOT_URLCONF = "newsroom.bench_urls"
# The bare view is the ceiling of any Django page: no page cache in front of it.
NEWSROOM_PAGE_CACHE_EXCLUDE = [*NEWSROOM_PAGE_CACHE_EXCLUDE, "/bench/"]
# `collectstatic` into a folder of the benchmark's, not the project's.
STATIC_ROOT = os.environ.get("NEWSROOM_STATIC_ROOT", "") or STATIC_ROOT  # noqa: F405

"""Caching of whole pages, and the content version that tells when they are stale.

- state: the version's value and where it is shared (Redis, or this process);
- version: the version itself, bumped after each change and when a scheduled
  article's time comes;
- local_copies: each web process's own copies of the version and of pages;
- middleware: the page cache, ETags and 304s;
- redis_backend: Django's Redis cache backend with one client per pool.

What marks the content changed is the models' own (articles/models/tracking.py):
the models import nothing of this package, which builds on them.
"""

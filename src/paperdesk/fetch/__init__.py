"""Network stage: the arXiv metadata client and the PDF downloader.

Everything that talks to the network goes through :class:`paperdesk.fetch.http.Http` (timeouts,
bounded retries with backoff and ``Retry-After``, the arXiv politeness delay), so tests can point
the whole stage at a local server with ``PAPERDESK_ARXIV_API_URL``. Modules here import
``requests`` and ``arxiv``; import them only where fetching happens.
"""

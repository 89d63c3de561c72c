"""A stand-in of the Ozon Seller API.

Build it with ``posylka.sandbox.ozon.app.create_app(SandboxConfig(...))`` (an ASGI app for
``httpx.ASGITransport`` or uvicorn), run it on a real socket in tests with
``posylka.sandbox.ozon.server.running_sandbox(config)``, or from the shell with
``posylka sandbox serve``.

Layout: ``config`` (what a sandbox is set up with) → ``state`` (catalogue, warehouses, delivery
methods and postings with their status ``timeline``, seeded by ``seeding`` from ``catalogue``,
``network``, ``people`` and ``geography``) → ``routes`` (one module per area of the API, plus the
``control`` endpoints) behind the ``gate`` (credentials, rate limit, ``faults``, ``stats``).
Answers are built with the shared wire models of ``posylka.adapters.ozon.schemas``.
"""

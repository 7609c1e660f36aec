"""Many concurrent submitters (asyncio + httpx) pushing JSON submissions to a real server.

Used by the concurrency test and by benchmarks/server_submit.py.
"""

from __future__ import annotations

import asyncio
import time

import httpx


async def _submitter(
    client: httpx.AsyncClient, bodies: list[bytes], latencies: list[float], errors: list[int]
) -> None:
    for body in bodies:
        t = time.perf_counter()
        try:
            r = await client.post(
                "/api/v1/submissions", content=body, headers={"Content-Type": "application/json"}
            )
        except httpx.TransportError:
            errors.append(0)  # the connection dropped: counted as an error, not hidden
            continue
        latencies.append(time.perf_counter() - t)
        if r.status_code != 200:
            errors.append(r.status_code)


async def drive(url: str, token: str, work: list[list[bytes]]) -> tuple[list[float], list[int], float]:
    """One task per list in ``work``, all at once. Returns latencies (s), error statuses, wall time."""
    latencies: list[float] = []
    errors: list[int] = []
    limits = httpx.Limits(max_connections=len(work), max_keepalive_connections=len(work))
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60, limits=limits
    ) as client:
        started = time.perf_counter()
        await asyncio.gather(*(_submitter(client, bodies, latencies, errors) for bodies in work))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def run(url: str, token: str, work: list[list[bytes]]) -> tuple[list[float], list[int], float]:
    return asyncio.run(drive(url, token, work))

"""A queue worker process for the concurrency test and the claims benchmark.

Claims in batches, gives a few items back (release) to force re-claims, acks the rest in one batch
call, and reports exactly what it claimed and what the server confirmed it acked. Runs in its own
process (``multiprocessing`` spawn), so there is real parallelism against a real server.
"""

from __future__ import annotations

import random
import time
from typing import Any

import httpx


def drain(api: str, token: str, batch: int = 10, release_ratio: float = 0.0, seed: int = 0) -> dict[str, Any]:
    """Claim and ack until the queue stays empty. Returns ids claimed, acked, and counts."""
    rng = random.Random(seed)
    claimed: list[tuple[str, int]] = []
    acked: list[str] = []
    refused: list[str] = []
    requests = 0
    empty = 0
    started = time.perf_counter()
    with httpx.Client(base_url=api, headers={"Authorization": f"Bearer {token}"}, timeout=60) as http:
        while empty < 3:
            r = http.post("/claims", json={"max_items": batch, "lease_seconds": 600})
            requests += 1
            r.raise_for_status()
            items = r.json()["items"]
            if not items:
                empty += 1
                time.sleep(0.05)
                continue
            empty = 0
            acks = []
            for item in items:
                claimed.append((item["item_id"], item["fence"]))
                if release_ratio and rng.random() < release_ratio:
                    rr = http.post(f"/items/{item['item_id']}/release", json={"fence": item["fence"]})
                    requests += 1
                    rr.raise_for_status()
                else:
                    acks.append({"item_id": item["item_id"], "fence": item["fence"], "outcome": "accepted"})
            if acks:
                r = http.post("/acks", json={"acks": acks})
                requests += 1
                r.raise_for_status()
                for res in r.json()["results"]:
                    (acked if res["result"] == "acked" else refused).append(res["item_id"])
    return {
        "claimed": claimed,
        "acked": acked,
        "refused": refused,
        "requests": requests,
        "seconds": time.perf_counter() - started,
    }

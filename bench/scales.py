"""How big each synthetic province is. ``tiny`` exists for the smoke test only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    units: int
    clusters: int
    campaigns: int
    content_areas: int  # per campaign
    deadlines: int  # in total, spread over the campaigns
    iterations: int  # timed requests per case; heavier scales get fewer so a run stays in minutes


SCALES: dict[str, Scale] = {
    s.name: s
    for s in (
        Scale("tiny", units=24, clusters=4, campaigns=2, content_areas=3, deadlines=4, iterations=2),
        Scale("small", units=100, clusters=5, campaigns=2, content_areas=5, deadlines=20, iterations=30),
        Scale("province", units=1_000, clusters=50, campaigns=5, content_areas=10, deadlines=200, iterations=20),
        Scale("national", units=10_000, clusters=500, campaigns=20, content_areas=10, deadlines=1_000,
              iterations=10),
    )
}

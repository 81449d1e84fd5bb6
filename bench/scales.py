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
    indicators: int = 20  # of the measured campaign, spread over its content areas; every participant has each
    months: int = 24  # monthly values per target (province: ~1,000 × 20 × 24 ≈ 480,000 progress entries)
    #: Import files, in months of values for every approved target: 1 is one month for the whole province
    #: (≈ 20,000 rows), 2.5 adds corrections for two earlier months (≈ 50,000 rows).
    import_months: tuple[float, ...] = (1, 2.5)
    import_iterations: int = 3  # timed runs per import phase (each is rolled back, so every run sees the same data)
    #: Council members voting in the measured round (issue 5); about 92 % of them cast a ballot.
    council_members: int = 1_100
    #: Commendations (issue 6): people with history 2015–2025 (about nine awards each over ten years: province
    #: ≈ 500,000 in the registry) and the nominees of the 2025 round checked by ``awards.eligibility``.
    award_persons: int = 55_000
    award_nominees: int = 10_000


SCALES: dict[str, Scale] = {
    s.name: s
    for s in (
        Scale("tiny", units=24, clusters=4, campaigns=2, content_areas=3, deadlines=4, iterations=2, indicators=4,
              months=3, import_iterations=1, council_members=12, award_persons=150, award_nominees=100),
        Scale("small", units=100, clusters=5, campaigns=2, content_areas=5, deadlines=20, iterations=30,
              council_members=220, award_persons=5_500, award_nominees=1_000),
        Scale("province", units=1_000, clusters=50, campaigns=5, content_areas=10, deadlines=200, iterations=20),
        Scale("national", units=10_000, clusters=500, campaigns=20, content_areas=10, deadlines=1_000,
              iterations=10),
    )
}

"""Load on the public search, browse, detail and the match API, as residents and scripts cause it."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from locust import HttpUser, between, task

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "catalogue" / "zwolle-voorbeeld.csv"
with SAMPLE.open(encoding="utf-8") as fh:
    IDS = [row["id"] for row in csv.DictReader(fh)]

INTERESTS = ["koken", "sport", "wandelen", "muziek", "creatief", "spel", "taal", "ontmoeting"]
HELP = ["prikkelarm", "kleine_groep", "kennismaken_met_maatje", "gratis"]
POSTCODES = ["8011", "8012", "8022", "8024", "8031", "8043"]


class Resident(HttpUser):
    """Someone who searches, looks at an activity, and browses."""

    wait_time = between(0.5, 2)

    @task(4)
    def results(self) -> None:
        params = {"interesse": random.sample(INTERESTS, 2), "hulp": random.sample(HELP, 1),
                  "postcode": random.choice(POSTCODES), "dag": ["di", "do"]}  # fmt: skip
        self.client.get("/resultaten", params=params, name="/resultaten")

    @task(2)
    def browse(self) -> None:
        self.client.get("/activiteiten", params={"interesse": random.choice(INTERESTS)},
                        name="/activiteiten")  # fmt: skip

    @task(1)
    def detail(self) -> None:
        self.client.get(f"/activiteit/{random.choice(IDS)}", name="/activiteit/<id>")

    @task(3)
    def api_match(self) -> None:
        profile = {"interests": random.sample(INTERESTS, 2), "wishes": "iets rustigs in de buurt",
                   "location": {"postcode": random.choice(POSTCODES)}, "max_km": 5, "top": 10}  # fmt: skip
        self.client.post("/api/v1/match", json=profile, name="/api/v1/match")

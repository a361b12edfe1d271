"""Load as residents and scripts cause it (Resident), and as a team of consultants does (Consultant).

Consultant needs MATCHER_LOAD_STAFF: a JSON file of accounts (email, password, TOTP secret) that
benchmarks/load.py --staff writes.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
from locust import HttpUser, between, task
from locust.clients import ResponseContextManager
from requests import Response

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "catalogue" / "zwolle-voorbeeld.csv"
with SAMPLE.open(encoding="utf-8") as fh:
    IDS = [row["id"] for row in csv.DictReader(fh)]

INTERESTS = ["koken", "sport", "wandelen", "muziek", "creatief", "spel", "taal", "ontmoeting"]
HELP = ["prikkelarm", "kleine_groep", "kennismaken_met_maatje", "gratis"]
POSTCODES = ["8011", "8012", "8022", "8024", "8031", "8043"]


class Resident(HttpUser):
    """Someone who searches, looks at an activity, and browses."""

    wait_time = between(0.5, 2)
    weight = 3

    @task(4)
    def results(self) -> None:
        params = {
            "interesse": random.sample(INTERESTS, 2),
            "hulp": random.sample(HELP, 1),
            "postcode": random.choice(POSTCODES),
            "dag": ["di", "do"],
        }
        self.client.get("/resultaten", params=params, name="/resultaten")

    @task(2)
    def browse(self) -> None:
        self.client.get(
            "/activiteiten", params={"interesse": random.choice(INTERESTS)}, name="/activiteiten"
        )

    @task(1)
    def detail(self) -> None:
        self.client.get(f"/activiteit/{random.choice(IDS)}", name="/activiteit/<id>")

    @task(3)
    def api_match(self) -> None:
        profile = {
            "interests": random.sample(INTERESTS, 2),
            "wishes": "iets rustigs in de buurt",
            "location": {"postcode": random.choice(POSTCODES)},
            "max_km": 5,
            "top": 10,
        }
        self.client.post("/api/v1/match", json=profile, name="/api/v1/match")


class ApiClient(HttpUser):
    """A script of an organisation or partner on the JSON API: pages through the catalogue,
    opens entries, asks for matches."""

    wait_time = between(0.5, 2)
    weight = 1

    @task(1)
    def activities(self) -> None:
        page = random.randint(1, 3)
        self.client.get(f"/api/v1/activities?per_page=50&page={page}", name="/api/v1/activities")

    @task(2)
    def activity(self) -> None:
        self.client.get(f"/api/v1/activities/{random.choice(IDS)}", name="/api/v1/activities/<id>")

    @task(3)
    def match(self) -> None:
        profile = {
            "interests": random.sample(INTERESTS, 1),
            "required": random.sample(HELP[:3], 1),
            "location": {"postcode": random.choice(POSTCODES)},
            "max_km": 8,
        }
        self.client.post("/api/v1/match", json=profile, name="/api/v1/match")


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
STAFF = (
    json.loads(Path(os.environ["MATCHER_LOAD_STAFF"]).read_text())
    if os.environ.get("MATCHER_LOAD_STAFF")
    else []
)
TEAM_CASES: list[str] = []  # every consultant's case, shared: a team opens each other's cases


class Consultant(HttpUser):
    """A consultant logged in with both factors, opening the team's cases and writing notes."""

    wait_time = between(0.5, 2)
    fixed_count = len(STAFF)  # one user per account: benchmarks/soak.py mixes them with others

    def on_start(self) -> None:
        account = STAFF.pop()
        self.token = self._token("/login")
        login = {
            "email": account["email"],
            "password": account["password"],
            "csrf_token": self.token,
        }
        self._post("/login", login, 302)
        self.token = self._token("/login/code")  # the password step started a new session
        self._post(
            "/login/code",
            {"code": pyotp.TOTP(account["secret"]).now(), "csrf_token": self.token},
            302,
        )
        self.token = self._token("/casussen")  # the session is new after login
        created = self._post("/casussen", {"csrf_token": self.token}, 302)
        TEAM_CASES.append(created.headers["Location"].split("/")[2])

    def _token(self, path: str) -> str:
        found = CSRF.search(self.client.get(path, name=path).text)
        return found.group(1) if found else ""

    # Redirects are not followed: a lost session would otherwise look like a good page.
    def _get(self, path: str, name: str, status: int) -> None:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            _check(r, status)

    def _post(
        self, path: str, data: dict[str, str], status: int, name: str | None = None
    ) -> Response:
        with self.client.post(
            path, data=data, name=name or path, allow_redirects=False, catch_response=True
        ) as response:
            _check(response, status)
        return response

    @task(6)
    def open_case(self) -> None:
        self._get(f"/casussen/{random.choice(TEAM_CASES)}", "/casussen/<code>", 200)

    @task(2)
    def write_note(self) -> None:
        data = {"notitie": "Gebeld, afspraak gemaakt.", "csrf_token": self.token}
        code = random.choice(TEAM_CASES)
        self._post(f"/casussen/{code}/notities", data, 302, "/casussen/<code>/notities")

    @task(1)
    def list_cases(self) -> None:
        self._get("/casussen", "/casussen", 200)


def _check(response: ResponseContextManager, status: int) -> None:
    if response.status_code != status:
        response.failure(f"{response.status_code} instead of {status}")
    elif urlsplit(response.headers.get("Location", "")).path == "/login":
        response.failure("sent back to the login")

import pytest
from matcher import db
from matcher.services import indicators
from tests.insight.seeded import TODAY, BY_HAND, seed

def test_try(app, imported, monkeypatch):
    seed(app, monkeypatch)
    with app.app_context():
        report = indicators.compute(db.session(), TODAY)
    print(report.periods)
    bad = {k: (v, report.value(*k)) for k, v in BY_HAND.items() if report.value(*k) != v}
    for r in report.rows:
        if r.dimension in ("totaal","wijk") : print(r)
    assert not bad, bad

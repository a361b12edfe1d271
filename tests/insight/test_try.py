from tests.insight.seeded import TODAY, BY_HAND, seed
from tests.conftest import make_person, log_in
from matcher import clock

def test_try(app, imported, client, monkeypatch):
    seed(app, monkeypatch)
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    log_in(client, make_person(app, "beleid"))
    r = client.get("/inzicht?periode=2026-K3")
    import pathlib; pathlib.Path("/tmp/inzicht.html").write_text(r.get_data(as_text=True))
    assert r.status_code == 200

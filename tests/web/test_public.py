"""The minimal public catalogue page."""

from __future__ import annotations

from flask.testing import FlaskClient, FlaskCliRunner


def test_it_lists_the_catalogue_a_page_at_a_time(
    client: FlaskClient, imported: FlaskCliRunner
) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "90 activiteiten gevonden" in page
    assert page.count('<li class="card">') == 20
    assert 'lang="nl"' in page


def test_it_filters_by_wijk_and_interest(client: FlaskClient, imported: FlaskCliRunner) -> None:
    page = client.get("/?wijk=Berkum&interesse=wandelen").get_data(as_text=True)
    assert "Wandelgroep" in page
    assert "1 activiteit gevonden" in page or "2 activiteiten gevonden" in page
    assert "Taalcafé Binnenstad" not in page


def test_it_ignores_an_unknown_filter_value(client: FlaskClient, imported: FlaskCliRunner) -> None:
    response = client.get("/?wijk=Nergens&interesse=%27;DROP")
    assert response.status_code == 200
    assert "90 activiteiten gevonden" in response.get_data(as_text=True)


def test_it_gives_a_phone_link(client: FlaskClient, imported: FlaskCliRunner) -> None:
    page = client.get("/?wijk=Binnenstad").get_data(as_text=True)
    assert 'href="tel:038-0001101"' in page

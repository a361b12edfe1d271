"""The `matcher` command: import, export, match and evaluate, on top of Flask's own commands.

Each command imports what it needs when it runs: `matcher --help` lists the commands without
loading the database layer, the ranking or the app (a second, not a tenth of one).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from matcher import roles, vocabulary
from matcher.errors import MatcherError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from matcher.catalogue import freshness
    from matcher.catalogue.duplicates import Pair
    from matcher.catalogue.formats import ParsedCatalogue, RowError
    from matcher.ranking.evaluation import Evaluation, HonestyScore
    from matcher.services import catalogue_freshness
    from matcher.services.audit import Actor
    from matcher.services.catalogue import ImportSummary

SAMPLE_CATALOGUE = ("catalogue", "zwolle-voorbeeld.csv")
SAMPLE_SUPPORT = ("opplussen", "steunaanbod-voorbeeld.csv")
SAMPLE_COST_HELP = ("kosten", "kostenhulp-voorbeeld.csv")


class _Commands(FlaskGroup):
    """Flask's command group with matcher's commands on it, listed without building the app."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return sorted(self.commands)

    def _load_plugin_commands(self) -> None:
        # Flask loads other packages' commands (Flask-Limiter's `limiter`) to list them, which
        # imports those packages: a third of `matcher --help`. They are loaded when run instead.
        if self._loaded_plugin_commands:
            return
        for entry_point in metadata.entry_points(group="flask.commands"):
            self.add_command(_Plugin(entry_point), entry_point.name)
        self._loaded_plugin_commands = True

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if isinstance(command, _Plugin):
            command = command.entry_point.load()
        return name, command, rest


class _Plugin(click.Command):
    """Another package's command, listed by name and package without importing it."""

    def __init__(self, entry_point: metadata.EntryPoint) -> None:
        package = entry_point.dist.name if entry_point.dist else entry_point.module
        super().__init__(entry_point.name, short_help=f"Opdrachten van {package}.")
        self.entry_point = entry_point


def main() -> None:
    """Entry point of the `matcher` console script."""
    from matcher import create_app

    group = _Commands(
        create_app=create_app, help="matcher: een plek vinden in de sociale basis van Zwolle."
    )
    for command in COMMANDS:
        group.add_command(command)
    group(prog_name="matcher")


def _command_line() -> Actor:
    from matcher.services.audit import Actor

    return Actor(None, "command line")


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


def _read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        _fail(f"{path}: kan het bestand niet lezen ({exc.strerror})")


def _echo_errors(unit: str, errors: list[RowError]) -> None:
    for error in errors:
        where = f"{unit} {error.line}" if error.line else "bestand"
        column = f", kolom {error.column}" if error.column else ""
        click.echo(f"{where}{column}: {error.message}", err=True)


def _report(summary: ImportSummary, dry_run: bool) -> None:
    _echo_errors(summary.unit, summary.errors)
    for warning in summary.warnings:
        click.echo(f"waarschuwing: {warning}", err=True)
    click.echo(
        f"gelezen {summary.rows_read} = nieuw {summary.created} + gewijzigd {summary.updated}"
        f" + ongewijzigd {summary.unchanged} + ongeldig {summary.invalid}; "
        f"verwijderd {summary.deleted}"
    )
    if summary.errors:
        click.echo(f"Niets opgeslagen: {len(summary.errors)} fout(en) gevonden.", err=True)
    elif dry_run:
        click.echo("Proefdraaien: niets opgeslagen.")
    elif summary.written:
        click.echo("Opgeslagen.")
    else:
        click.echo("Niets veranderd.")


def _import(parsed: ParsedCatalogue, replace: bool = False, dry_run: bool = False) -> ImportSummary:
    from matcher import db
    from matcher.services import catalogue as catalogue_service

    try:
        return catalogue_service.import_catalogue(
            db.session(),
            parsed,
            replace=replace,
            dry_run=dry_run,
            lock_timeout=current_app.config["LOCK_TIMEOUT_SECONDS"],
        )
    except MatcherError as exc:
        _fail(f"Niets opgeslagen: {exc.message}")


@click.command("import")
@with_appcontext
@click.argument("file")
@click.option(
    "--replace", is_flag=True, help="Verwijder activiteiten die niet in het bestand staan."
)
@click.option("--dry-run", is_flag=True, help="Controleer en tel alleen; sla niets op.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "hsds"]),
    default=None,
    help="Standaard: naar de inhoud; een map is een HSDS-tabelpakket.",
)
@click.option(
    "--interest",
    type=click.Choice(list(vocabulary.INTERESTS)),
    default=None,
    help="HSDS: de interesse voor diensten zonder term uit 'matcher: interesses'.",
)
def import_command(
    file: str, replace: bool, dry_run: bool, fmt: str | None, interest: str | None
) -> None:
    """Importeer een catalogus (CSV, JSON of Open Referral HSDS 3.0): alles of niets."""
    parsed = _hsds(file, fmt, interest)
    if parsed is not None:
        summary = _import(parsed, replace=replace, dry_run=dry_run)
    else:
        summary = _import_file(file, replace=replace, dry_run=dry_run)
    _report(summary, dry_run)
    if summary.errors:
        sys.exit(1)


def _hsds(file: str, fmt: str | None, interest: str | None) -> ParsedCatalogue | None:
    """An HSDS file read into records (a folder or its datapackage.json is HSDS's CSV package);
    None for a catalogue file of our own (CSV or JSON), which `import_file` reads."""
    from matcher.catalogue import hsds_import, hsds_tables

    path = Path(file)
    if path.name == "datapackage.json":
        path = path.parent
    if path.is_dir():
        return hsds_tables.read_package(path, interest)
    data = _read_file(file)
    if fmt == "hsds" or (fmt is None and hsds_import.is_hsds(data)):
        return hsds_import.read_json(data, interest)
    return None


def _import_file(file: str, replace: bool, dry_run: bool) -> ImportSummary:
    from matcher import db
    from matcher.services import catalogue as catalogue_service

    try:
        return catalogue_service.import_file(
            db.session(),
            _read_file(file),
            file,
            replace=replace,
            dry_run=dry_run,
            lock_timeout=current_app.config["LOCK_TIMEOUT_SECONDS"],
        )
    except MatcherError as exc:
        _fail(f"Niets opgeslagen: {exc.message}")


@click.command("import-support")
@with_appcontext
@click.argument("file")
def import_support_command(file: str) -> None:
    """Importeer steunaanbod voor opplussen (CSV, docs/opplussen.md): alles of niets."""
    from matcher import db
    from matcher.services import support_offers, unit_of_work
    from matcher.services.audit import Actor

    with unit_of_work.unit(db.session()) as session:
        result = support_offers.import_offers(
            session, _read_file(file), Actor(None, None, "opplussen")
        )
    _echo_errors("regel", result.errors)
    click.echo(
        f"gelezen {result.rows_read}: nieuw {result.created}, gewijzigd {result.updated},"
        f" ongewijzigd {result.unchanged}"
    )
    if result.errors:
        _fail(f"Niets opgeslagen: {len(result.errors)} fout(en) gevonden.")
    click.echo("Opgeslagen." if result.created or result.updated else "Niets veranderd.")


EXPORT_FORMATS = {".json": "json", ".xlsx": "xlsx", ".csv": "csv"}


@click.command("export")
@with_appcontext
@click.argument("file", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "xlsx", "hsds"]),
    default=None,
    help="Standaard: naar de extensie van FILE, anders csv. hsds: Open Referral HSDS 3.0.",
)
def export_command(file: str | None, fmt: str | None) -> None:
    """Exporteer de catalogus als CSV, JSON, XLSX of HSDS, naar FILE of naar standaarduitvoer."""
    from matcher import db
    from matcher.catalogue import hsds
    from matcher.catalogue.formats import write_csv, write_json
    from matcher.services import catalogue as catalogue_service
    from matcher.services import exports

    fmt = fmt or EXPORT_FORMATS.get(Path(file or "").suffix.lower(), "csv")
    if fmt == "xlsx" and file is None:
        _fail("Geef een bestand voor xlsx.")
    records = catalogue_service.all_records(db.session())
    content: str | bytes
    if fmt == "xlsx":
        content = exports.catalogue_xlsx(records)
    elif fmt == "hsds":
        content = json.dumps(hsds.services(records), ensure_ascii=False, indent=2) + "\n"
    else:
        content = write_json(records) if fmt == "json" else write_csv(records)
    _write(content, file, f"{len(records)} activiteiten")


def _load_sample_cost_help(session: Session) -> None:
    """The example funds, so the pages show help with costs on a fresh `make run`."""
    from matcher.resources import data_path
    from matcher.services import cost_help, unit_of_work
    from matcher.services.audit import Actor

    if cost_help.every(session):
        click.echo("Er is al hulp bij de kosten; voorbeeldregelingen niet geladen.")
        return
    with unit_of_work.unit(session) as writing:
        loaded = cost_help.load_examples(
            writing, data_path(*SAMPLE_COST_HELP).read_bytes(), Actor(None, None)
        )
    click.echo(f"Voorbeeldregelingen voor hulp bij de kosten geladen: {loaded}.")


@click.command("folder")
@click.option("--wijk", required=True, help="De wijk, zoals Holtenbroek.")
@click.option("--taal", default="nl", show_default=True, help="De taal van de folder.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Het PDF-bestand.")
@with_appcontext
def folder_command(wijk: str, taal: str, output: Path | None) -> None:
    """Maak de wijkfolder: een A4-PDF met wat bewoners in de wijk kunnen doen."""
    from matcher import db
    from matcher.web import folder

    app = current_app
    try:
        with app.test_request_context(base_url=app.config["PUBLIC_URL"]):
            pdf = folder.render_pdf(db.session(), wijk, taal)
            target = output or Path(folder.file_name(wijk, taal))
    except MatcherError as error:
        _fail(f"Geen folder gemaakt: {error}")
    target.write_bytes(pdf)
    click.echo(f"Wijkfolder geschreven: {target} ({len(pdf) // 1024} kB).")


@click.command("load-sample")
@with_appcontext
def load_sample_command() -> None:
    """Laad de voorbeeldcatalogus, de voorbeeldregelingen voor hulp bij de kosten en het
    voorbeeld-steunaanbod, elk alleen als het nog leeg is."""
    from matcher import db
    from matcher.catalogue.formats import read_catalogue
    from matcher.resources import data_path
    from matcher.services import catalogue as catalogue_service
    from matcher.services import support_offers, unit_of_work
    from matcher.services.audit import Actor

    session = db.session()
    if catalogue_service.count_activities(session):
        click.echo("De catalogus is niet leeg; voorbeeldcatalogus niet geladen.")
    else:
        path = data_path(*SAMPLE_CATALOGUE)
        summary = _import(read_catalogue(path.read_bytes(), path.name))
        _report(summary, dry_run=False)
        if summary.errors:
            sys.exit(1)
    _load_sample_cost_help(session)
    # Without offers, "Vraag opplussen aan" on a fresh `make run` would have nobody to propose.
    if support_offers.count(session):
        click.echo("Er is al steunaanbod; voorbeeld-steunaanbod niet geladen.")
        return
    with unit_of_work.unit(db.session()) as writing:
        offers = support_offers.import_offers(
            writing, data_path(*SAMPLE_SUPPORT).read_bytes(), Actor(None, None, "opplussen")
        )
    if offers.errors:  # the sample file is ours: an error here is a bug, not the user's input
        _echo_errors("regel", offers.errors)
        sys.exit(1)
    click.echo(f"Voorbeeld-steunaanbod geladen: {offers.created} aanbod.")


def _load_json(path: str) -> Any:
    from matcher import jsoninput

    try:
        return jsoninput.loads(_read_file(path))
    except MatcherError as exc:
        _fail(f"{path}: {exc}")


@click.command("match")
@with_appcontext
@click.option("--profile", "profile_file", required=True, help="Profiel als JSON-bestand.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option(
    "--json", "as_json", is_flag=True, help="Druk precies het antwoord van het contract af."
)
def match_command(profile_file: str, top: int, as_json: bool) -> None:
    """Zoek de best passende activiteiten voor een profiel."""
    from matcher import db, vocabulary
    from matcher.profile import parse_profile
    from matcher.ranking.explain import distance
    from matcher.services import matching

    try:
        profile = parse_profile(_load_json(profile_file))
    except MatcherError as exc:
        _fail(str(exc))
    # One process per call: the index of the catalogue version is kept in the instance folder.
    index = matching.stored_index(db.session(), Path(current_app.config["INDEX_FOLDER"]))
    answer = matching.match_in(index, profile, top)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    if answer.unrecognised:
        click.echo(f"Niet begrepen: {', '.join(answer.unrecognised)}")
    for number, result in enumerate(answer.results, start=1):
        km = f" ({distance(result.distance_km)})" if result.distance_km is not None else ""
        fit = "past goed" if result.fit == "goed" else "past een beetje"
        click.echo(f"{number:2}. {result.record.title}{km}  [{fit}, {result.score:.2f}]")
        click.echo(f"    {'; '.join([*result.reasons, *result.notes])}")
    for near in answer.near_misses:
        extra = ", ".join(vocabulary.SUPPORTS[code].label.lower() for code in near.would_fit_with)
        click.echo(f" ~  {near.record.title}: past als er dit bij komt: {extra}")
    verdict = {"goed": "iets past goed", "deels": "iets past een beetje", "geen": "niets past"}
    click.echo(
        f"{len(answer.results)} resultaten uit {answer.considered} activiteiten: "
        f"{verdict[answer.fit]}."
    )


@click.command("eval")
@with_appcontext
@click.option("--catalogue", "catalogue_file", required=True, help="Catalogus (CSV of JSON).")
@click.option("--personas", "personas_file", required=True, help="Personas met oordelen (JSON).")
@click.option(
    "--honesty",
    "honesty_file",
    default=None,
    help="Eerlijkheidsset (JSON); standaard dev_honesty.json naast de personas, als die er is.",
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Peildatum voor 'niet recent bevestigd' (standaard vandaag).",
)
def eval_command(
    catalogue_file: str, personas_file: str, honesty_file: str | None, today: dt.datetime | None
) -> None:
    """Meet de kwaliteit van de rangschikking (en van een BM25-basislijn) op personas."""
    from matcher import clock, vocabulary
    from matcher.catalogue.formats import read_catalogue
    from matcher.ranking.evaluation import bm25_ranker, evaluate, honesty, matcher_ranker
    from matcher.ranking.index import build_index
    from matcher.services import matching

    parsed = read_catalogue(_read_file(catalogue_file), catalogue_file)
    _fail_on_errors(parsed)
    personas = _load_json(personas_file)
    day = today.date() if today else clock.today()
    stop_words = vocabulary.stop_words()
    index = build_index([record for _line, record in parsed.records], 0, stop_words)
    ours = matcher_ranker(index, day)
    runs = [
        evaluate(personas, ours, matching.resolver(), "matcher"),
        evaluate(personas, bm25_ranker(index, stop_words, day), matching.resolver(), "bm25"),
    ]
    _echo_graded(runs)
    sibling = Path(personas_file).with_name("dev_honesty.json")
    honesty_path = honesty_file or (str(sibling) if sibling.is_file() else None)
    if honesty_path:
        _echo_honesty(honesty(_load_json(honesty_path), ours, matching.resolver()))


def _echo_graded(runs: list[Evaluation]) -> None:
    header = f"{'persona':<62} {'methode':<8} {'nDCG@5':>7} {'verboden@10':>12} {'near-miss':>10}"
    click.echo(header)
    for run in runs:
        for p in run.personas:
            recall = "-" if p.near_miss_recall is None else f"{p.near_miss_recall:.2f}"
            click.echo(
                f"{p.name[:62]:<62} {run.method:<8} {p.ndcg5:7.3f} {p.forbidden10:12d} {recall:>10}"
            )
    for run in runs:
        recall = "-" if run.near_miss_recall is None else f"{run.near_miss_recall:.2f}"
        click.echo(
            f"{'TOTAAL':<62} {run.method:<8} {run.ndcg5:7.3f} {run.forbidden10:12d} {recall:>10}"
        )
    click.echo(
        f"Uitstekende activiteiten in een top 5 met label 'goed': {runs[0].excellent_goed:.0%}"
    )


def _echo_honesty(scores: list[HonestyScore]) -> None:
    click.echo(f"\n{'eerlijkheid: persona':<62} {'verwacht':<8} {'antwoord':<8} geslaagd")
    for score in scores:
        passed = "ja" if score.passed else "NEE"
        click.echo(f"{score.name[:62]:<62} {score.expect:<8} {score.fit:<8} {passed}")
    for expect in ("geen", "deels", "goed"):
        group = [s for s in scores if s.expect == expect]
        click.echo(f"  {expect}: {sum(s.passed for s in group)} van {len(group)}")
    click.echo(f"EERLIJKHEID: {sum(s.passed for s in scores)} van {len(scores)} geslaagd")


def _fail_on_errors(parsed: ParsedCatalogue) -> None:
    _echo_errors(parsed.unit, parsed.errors)
    if parsed.errors:
        _fail("De catalogus heeft fouten; er is niets geëvalueerd.")


@click.command("duplicates")
@with_appcontext
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: een object met de paren, voor scripts.",
)
def duplicates_command(fmt: str) -> None:
    """Toon paren activiteiten die waarschijnlijk dezelfde zijn, met waarom."""
    from matcher import db
    from matcher.services import catalogue as catalogue_service
    from matcher.services import duplicates as duplicates_service

    session = db.session()
    pairs = duplicates_service.probable(session)
    if fmt == "json":
        click.echo(
            json.dumps({"pairs": [_pair_json(p) for p in pairs]}, ensure_ascii=False, indent=2)
        )
        return
    for pair in pairs:
        click.echo(f"{pair.score:.2f}  {pair.first.id}  {pair.first.title}")
        click.echo(f"      {pair.second.id}  {pair.second.title}")
        click.echo(f"      {'; '.join(pair.reasons)}")
    total = catalogue_service.count_activities(session)
    click.echo(
        f"{len(pairs)} paren die waarschijnlijk dezelfde activiteit zijn, uit {total} activiteiten."
    )


def _pair_json(pair: Pair) -> dict[str, Any]:
    return {
        "score": pair.score,
        "reasons": list(pair.reasons),
        "activities": [
            {"id": record.id, "title": record.title, "organisation": record.organisation}
            for record in (pair.first, pair.second)
        ],
    }


@click.command("upgrade-db")
@with_appcontext
def upgrade_db_command() -> None:
    """Breng het databaseschema bij (gebeurt ook bij het starten van de app)."""
    from matcher import db

    db.upgrade(db.engine())
    click.echo("Databaseschema is bijgewerkt.")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(roles.codes()))
@click.option("--team", default=None, help="Voor consulent en swt.")
@click.option("--organisation", default=None, help="Voor aanbieder: naam uit de catalogus.")
@click.option("--name", default=None, help="Naam waaronder collega's de persoon kennen.")
@with_appcontext
def create_user_command(
    email: str, role: str, team: str | None, organisation: str | None, name: str | None
) -> None:
    """Maak een account; het eenmalige wachtwoord moet bij de eerste keer inloggen worden vervangen."""
    from matcher import db
    from matcher.services import accounts, unit_of_work

    try:
        with unit_of_work.unit(db.session()) as session:
            user, password = accounts.create_user(
                session, email, role, _command_line(), team, organisation, name
            )
    except MatcherError as exc:
        _fail(str(exc))
    click.echo(f"Account {user.email} ({role}) aangemaakt.")
    click.echo(f"Eenmalig wachtwoord: {password}")


@click.command("team-phone")
@click.argument("team")
@click.argument("phone")
@with_appcontext
def team_phone_command(team: str, phone: str) -> None:
    """Zet het telefoonnummer van een team: organisaties en de persoon bellen het team daarop."""
    from matcher import db
    from matcher.services import accounts, unit_of_work

    try:
        with unit_of_work.unit(db.session()) as session:
            accounts.set_team_phone(session, team, phone, _command_line())
    except MatcherError as exc:
        _fail(str(exc))
    click.echo(f"Team {team}: telefoon {phone.strip()}.")


@click.group("audit")
def audit_group() -> None:
    """Het auditlog."""


@audit_group.command("verify")
@with_appcontext
def audit_verify_command() -> None:
    """Controleer de hashketen van het auditlog; exit 1 bij een gewijzigde of ontbrekende regel."""
    from matcher import db
    from matcher.services import audit

    broken = audit.verify(db.session())
    if broken is not None:
        _fail(f"Het auditlog is aangetast vanaf regel {broken}.")
    click.echo("Het auditlog is ongeschonden.")


@click.command("retention")
@click.option(
    "--months",
    type=click.IntRange(1, 120),
    default=None,
    help="Bewaartermijn (standaard RETENTION_MONTHS, 12).",
)
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None)
@with_appcontext
def retention_command(months: int | None, today: dt.datetime | None) -> None:
    """Anonimiseer gesloten casussen ouder dan de bewaartermijn; open casussen blijven staan.

    Bewaarde formulieren die over hun uur heen zijn, gaan ook weg, meldingen ('Klopt er iets
    niet?') 90 dagen nadat ze zijn afgehandeld, en tellers van de vraag na 5 jaar.
    """
    from matcher import clock, db
    from matcher.services import cases, demand, households, kept_forms, reports, unit_of_work

    period = months or current_app.config["RETENTION_MONTHS"]
    day = today.date() if today else clock.today()
    with unit_of_work.unit(db.session()) as session:
        count = cases.retention(session, day, period)
        homes = households.retention(session, day, period)  # after the cases they wait for
        # Expired kept forms go on the next use anyway; the daily run removes them on a quiet
        # day too.
        kept_forms.purge_expired(session)
        purged = reports.purge_handled(session, day)
        counters = demand.purge(session, day)
    click.echo(
        f"{count} gesloten casussen ouder dan {period} maanden geanonimiseerd; "
        f"{homes} huishoudens geanonimiseerd; "
        f"{purged} afgehandelde meldingen verwijderd; "
        f"{counters} tellers van de vraag ouder dan {demand.RETENTION_YEARS} jaar verwijderd."
    )


def _state_text(state: freshness.State) -> str:
    from matcher.catalogue import freshness

    return {
        freshness.State.DUE: f"graag bevestigen (meer dan {freshness.DUE_MONTHS} maanden)",
        freshness.State.STALE: (
            f"inwoners zien 'niet recent gecontroleerd' (meer dan {freshness.STALE_MONTHS} "
            "maanden of nooit bevestigd)"
        ),
        freshness.State.VERY_STALE: (
            f"inwoners vinden het niet meer (meer dan {freshness.VERY_STALE_MONTHS} maanden)"
        ),
    }[state]


@click.command("freshness")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Peildatum (standaard vandaag).",
)
@with_appcontext
def freshness_command(fmt: str, today: dt.datetime | None) -> None:
    """Wat elke organisatie moet bevestigen ('Klopt dit nog?'), voor een wekelijkse mail."""
    from matcher import clock, db
    from matcher.services import catalogue_freshness

    day = today.date() if today else clock.today()
    found = catalogue_freshness.due_by_organisation(db.session(), day)
    count = sum(len(organisation.entries) for organisation in found)
    summary = f"{count} activiteiten van {len(found)} organisaties te bevestigen op {day}."
    if fmt == "json":
        click.echo(json.dumps(_freshness_json(found, day), ensure_ascii=False, indent=2))
        click.echo(summary, err=True)  # standard output stays one JSON document
        return
    for organisation in found:
        emails = f" <{', '.join(organisation.emails)}>" if organisation.emails else ""
        click.echo(f"{organisation.name}{emails}")
        for entry in organisation.entries:
            confirmed = entry.record.last_verified or "nooit"
            click.echo(
                f"  - {entry.record.id}: {entry.record.title}; laatst bevestigd {confirmed}; "
                f"{_state_text(entry.state)}"
            )
    click.echo(summary)


def _freshness_json(
    found: list[catalogue_freshness.OrganisationDue], day: dt.date
) -> dict[str, Any]:
    return {
        "today": day.isoformat(),
        "organisations": [
            {
                "name": organisation.name,
                "code": organisation.code,
                "emails": list(organisation.emails),
                "entries": [
                    {
                        "id": entry.record.id,
                        "title": entry.record.title,
                        "last_verified": (
                            entry.record.last_verified and entry.record.last_verified.isoformat()
                        ),
                        "state": entry.state.value,
                    }
                    for entry in organisation.entries
                ],
            }
            for organisation in found
        ],
    }


@click.group("report")
def report_group() -> None:
    """Rapportages met alleen totalen (aantallen onder 5 als '<5')."""


@report_group.command("indicators")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xlsx"]), default="csv")
@click.option("--output", default=None, help="Schrijf naar dit bestand (nodig voor xlsx).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Peildatum.")
@with_appcontext
def report_indicators_command(
    start: dt.datetime | None,
    end: dt.datetime | None,
    fmt: str,
    output: str | None,
    today: dt.datetime | None,
) -> None:
    """De indicatoren van de nota (docs/insight.md) per kwartaal en jaar, in hele kwartalen van
    --from tot en met --to (standaard: vanaf de eerste verwijzing tot en met dit kwartaal)."""
    from matcher import clock, db
    from matcher.services import indicators, insight

    if fmt == "xlsx" and output is None:
        _fail("Geef --output FILE voor xlsx.")
    if start and end and start > end:
        _fail("--from ligt na --to.")
    counted = ""
    if start or end or today:
        report = indicators.compute(
            db.reader_session(),
            today.date() if today else clock.today(),
            start.date() if start else None,
            end.date() if end else None,
            signal_weeks=current_app.config["SIGNAL_WEEKS"],
        )
    else:  # the figures of /inzicht, as last counted
        stand = insight.indicators(
            db.reader_session(),
            db.engine(),
            clock.today(),
            current_app.config["SIGNAL_WEEKS"],
            current_app.config["INSIGHT_LIVE_SECONDS"],
        )
        report, counted = (
            stand.figures,
            f" (stand van {clock.local(stand.computed_at):%d-%m-%Y %H:%M})",
        )
    content: str | bytes
    if fmt == "xlsx":
        content = indicators.to_xlsx(report)
    elif fmt == "json":
        content = json.dumps(indicators.to_json(report), ensure_ascii=False, indent=2) + "\n"
    else:
        content = indicators.to_csv(report)
    _write(content, output, f"{len(report.rows)} cijfers{counted}")


@report_group.command("refresh")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Peildatum.")
@with_appcontext
def report_refresh_command(today: dt.datetime | None) -> None:
    """Tel de cijfers van /inzicht opnieuw en bewaar ze: elke nacht (docs/deploy.md), zodat de
    pagina en `report indicators` meteen antwoorden, ook bij veel verwijzingen."""
    from matcher import clock, db
    from matcher.services import insight

    taken = insight.refresh(
        db.reader_session(),
        db.engine(),
        today.date() if today else clock.today(),
        current_app.config["SIGNAL_WEEKS"],
    )
    click.echo(
        f"Indicatoren geteld in {taken[insight.INDICATORS]:.1f} s, vraag en aanbod in"
        f" {taken[insight.DEMAND]:.1f} s; bewaard."
    )


@report_group.command("demand")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xlsx"]), default="csv")
@click.option("--output", default=None, help="Schrijf naar dit bestand (nodig voor xlsx).")
@with_appcontext
def report_demand_command(
    start: dt.datetime | None, end: dt.datetime | None, fmt: str, output: str | None
) -> None:
    """De anonieme vraag (docs/insight.md): per ISO-week, wijk, interesse, steun en hoe goed het
    antwoord paste het aantal zoekopdrachten, van de week van --from tot en met die van --to."""
    from matcher import db
    from matcher.services import demand

    if fmt == "xlsx" and output is None:
        _fail("Geef --output FILE voor xlsx.")
    if start and end and start > end:
        _fail("--from ligt na --to.")
    rows = demand.weekly(db.reader_session(), start and start.date(), end and end.date())
    content: str | bytes
    if fmt == "xlsx":
        content = demand.to_xlsx(rows)
    elif fmt == "json":
        content = json.dumps(demand.to_json(rows), ensure_ascii=False, indent=2) + "\n"
    else:
        content = demand.to_csv(rows)
    _write(content, output, f"{len(rows)} rijen")


def _write(content: str | bytes, output: str | None, what: str) -> None:
    """A report to standard output, or to a file with a one-line summary."""
    if output is None:
        click.echo(content, nl=False)
        return
    try:
        if isinstance(content, bytes):
            Path(output).write_bytes(content)
        else:
            Path(output).write_text(content, encoding="utf-8", newline="")
    except OSError as exc:
        _fail(f"{output}: kan niet schrijven ({exc.strerror})")
    click.echo(f"{what} geschreven naar {output}.", err=True)


@click.command("backup")
@click.argument("file")
@with_appcontext
def backup_command(file: str) -> None:
    """Schrijf de hele database naar FILE (JSON); bewaar het bestand even veilig als de database."""
    from matcher import db
    from matcher.services import backup as backup_service

    try:
        document = backup_service.take(db.engine())
    except MatcherError as exc:
        _fail(f"Geen back-up geschreven: {exc.message}")
    _write_whole(Path(file), json.dumps(document, ensure_ascii=False))
    rows = sum(len(rows) for rows in document["tables"].values())
    click.echo(f"{rows} rijen uit {len(document['tables'])} tabellen geschreven naar {file}.")


def _write_whole(path: Path, content: str) -> None:
    # Write next to the target and rename: a full disk or a crash never leaves half a backup
    # under the name of a good one.
    part = path.with_name(path.name + ".deel")
    try:
        part.write_text(content, encoding="utf-8")
        part.replace(path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        _fail(f"Geen back-up geschreven: {path}: {exc.strerror}")


def _read_backup(file: str) -> object:
    # Every way a file can fail to be JSON ends in one line, never a traceback.
    try:
        return json.loads(Path(file).read_bytes().decode("utf-8"))
    except OSError as exc:
        _fail(f"Niets teruggezet: {file}: kan het bestand niet lezen ({exc.strerror})")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        _fail(f"Niets teruggezet: {file}: geen geldige JSON ({exc})")
    except RecursionError:
        _fail(f"Niets teruggezet: {file}: geen back-up van matcher (te diep genest)")


@click.command("restore")
@click.argument("file")
@with_appcontext
def restore_command(file: str) -> None:
    """Zet een back-up terug in een lege database (alles of niets)."""
    from matcher import db
    from matcher.services import audit, unit_of_work
    from matcher.services import backup as backup_service
    from matcher.services.audit import Action, Event

    document = _read_backup(file)
    try:
        rows = backup_service.restore(db.engine(), document)
    except MatcherError as exc:
        _fail(f"Niets teruggezet: {exc.message}")
    with unit_of_work.unit(db.session()) as session:
        restored = Event.by(
            _command_line(), Action.BACKUP_RESTORED, "database", str(rows), purpose="herstel"
        )
        audit.record(session, restored)
    click.echo(f"{rows} rijen teruggezet uit {file}.")


@click.command(
    "serve",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("gunicorn_args", nargs=-1, type=click.UNPROCESSED)
def serve_command(gunicorn_args: tuple[str, ...]) -> None:
    """Serveer met gunicorn zoals in productie (matcher/gunicorn_conf.py, docs/deploy.md)."""
    # gunicorn takes this process over: its master then starts the workers, and a HUP signal
    # to it (systemctl reload) starts new workers with new code, gracefully.
    args = ["-c", "python:matcher.gunicorn_conf", *gunicorn_args, "matcher:create_app()"]
    os.execv(sys.executable, [sys.executable, "-m", "gunicorn", *args])  # noqa: S606


COMMANDS = (
    import_command,
    import_support_command,
    export_command,
    load_sample_command,
    folder_command,
    match_command,
    duplicates_command,
    eval_command,
    upgrade_db_command,
    create_user_command,
    team_phone_command,
    audit_group,
    retention_command,
    freshness_command,
    report_group,
    backup_command,
    restore_command,
    serve_command,
)


def register_commands(app: Flask) -> None:
    """Add matcher's commands to the app's command line."""
    for command in COMMANDS:
        app.cli.add_command(command)

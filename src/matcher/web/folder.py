"""The wijk folder on paper: a print-ready A4 PDF (WeasyPrint) of what residents of a wijk can
join, in any language the pages speak; the beheerder downloads it here, `matcher folder` writes
it from the command line."""

from __future__ import annotations

import base64
import re

import qrcode
from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import force_locale
from sqlalchemy.orm import Session

from matcher import clock, contacts, db, geo
from matcher.errors import ValidationError
from matcher.phrases import N_, Phrase
from matcher.roles import Permission
from matcher.services import folder
from matcher.web.access import allow
from matcher.web.downloads import attachment
from matcher.web.i18n import LANGUAGES
from matcher.web.icons import icon_document

bp = Blueprint("folder", __name__, url_prefix="/beheer/folder")


def language_of(code: str) -> str:
    """A page language's code, or a ValidationError naming the `taal`."""
    if code not in LANGUAGES:
        allowed = ", ".join(LANGUAGES)
        message = Phrase(
            N_("onbekende taal '%(code)s'; kies uit %(allowed)s"),
            {"code": code, "allowed": allowed},
        )
        raise ValidationError("taal", message)
    return code


def picture(code: str) -> str:
    """A code's pictogram as a data address an <img> on paper can show."""
    return "data:image/svg+xml;base64," + base64.b64encode(icon_document(code).encode()).decode()


def qr_picture(text: str) -> str:
    """A QR code of the text as a data address (an SVG with one path)."""
    code = qrcode.QRCode(border=2)
    code.add_data(text)
    matrix = code.get_matrix()
    path = "".join(
        f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, on in enumerate(row) if on
    )
    size = len(matrix)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><path d="{path}" fill="#000"/></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def render_pdf(session: Session, wijk: str, language: str) -> bytes:
    """The folder of a wijk as PDF bytes, in the language given (needs a request context)."""
    from weasyprint import HTML  # loaded only when a folder is made: it brings pango

    return bytes(HTML(string=page_html(session, wijk, language)).write_pdf())


def page_html(session: Session, wijk: str, language: str) -> str:
    """The folder of a wijk as the HTML WeasyPrint prints (needs a request context)."""
    name = geo.canonical_wijk(wijk)
    groups = folder.grouped(folder.joinable(session, name))
    online = url_for("public.browse", wijk=name, _external=True)
    with force_locale(language_of(language)):
        return render_template(
            "folder/wijk.html",
            wijk=name,
            groups=groups,
            online=online,
            qr=qr_picture(online),
            picture=picture,
            contacts=contacts.for_wijk(name),
            made=clock.today(),
        )


def file_name(wijk: str, language: str) -> str:
    """'folder-aa-landen-nl.pdf'."""
    return f"folder-{re.sub(r'[^a-z0-9]+', '-', geo.canonical_wijk(wijk).lower())}-{language}.pdf"


@bp.get("")
@allow(Permission.ADMIN)
def choose() -> str:
    """Choose the wijk and the language of a folder."""
    return render_template("folder/choose.html", wijken=list(geo.wijken()), languages=LANGUAGES)


@bp.get("/folder.pdf")
@allow(Permission.ADMIN)
def download() -> Response | tuple[str, int]:
    """The folder as a PDF to print; a wrong wijk or language shows the form with the error."""
    wijk, language = request.args.get("wijk", ""), request.args.get("taal", "nl")
    try:
        pdf = render_pdf(db.session(), wijk, language)
    except ValidationError as error:
        page = render_template(
            "folder/choose.html",
            wijken=list(geo.wijken()),
            languages=LANGUAGES,
            error=error,
            chosen={"wijk": wijk, "taal": language},
        )
        return page, 422
    return attachment(pdf, f"{file_name(wijk, language)}", "application/pdf")

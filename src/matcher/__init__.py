"""matcher: find a place to belong in Zwolle's sociale basis."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from matcher.resources import instance_dir, resource_dir


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, database (migrated on start), blueprints and error handlers."""
    app = Flask(
        __name__,
        instance_path=instance_dir(),
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
    )
    os.makedirs(app.instance_path, exist_ok=True)

    from matcher import config, db

    config.configure(app, test_config)
    db.init_app(app)

    from matcher.web import (
        access,
        admin,
        api,
        auth,
        cases,
        consult,
        cookie_session,
        cost_help_admin,
        errors,
        folder,
        health,
        households,
        hsds_api,
        i18n,
        insight,
        intake,
        json_answers,
        limits,
        papers,
        provider,
        public,
        searches,
        security,
        support,
        support_admin,
        templating,
        units,
        wellknown,
    )

    cookie_session.init_app(app)
    json_answers.init_app(app)
    csrf = security.csrf
    csrf.init_app(app)  # first, as before: its check runs before every other
    i18n.init_app(app)
    units.init_app(app)
    searches.init_app(app)
    access.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    for blueprint in (
        public.bp,
        intake.bp,
        auth.bp,
        consult.bp,
        cases.bp,
        households.bp,
        papers.bp,
        provider.bp,
        support.bp,
        support_admin.bp,
        cost_help_admin.bp,
        folder.bp,
        admin.bp,
        insight.bp,
        api.bp,
        hsds_api.bp,
        wellknown.bp,
        health.bp,
    ):
        app.register_blueprint(blueprint)
    # The JSON API is stateless (it reads no session, so there is no cookie to ride on) and the
    # language switch changes nothing but a preference cookie: neither needs a CSRF token, and
    # the public pages must not get a session cookie for one. A resident's report, and a request
    # to search together or to pass someone on, carry a token of their own that needs no
    # session (web/security.py: anonymous_form_ok).
    csrf.exempt(api.bp)
    csrf.exempt(public.language)
    csrf.exempt(public.report_error)
    csrf.exempt(intake.resident)
    csrf.exempt(intake.partner)
    limits.init_app(app)
    errors.init_app(app)

    from matcher.cli import register_commands

    register_commands(app)
    return app

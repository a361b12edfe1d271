"""matcher: find a place to belong in Zwolle's sociale basis."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from matcher.resources import instance_dir, resource_dir


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, database (migrated on start), blueprints and error handlers."""
    app = Flask(__name__, instance_path=instance_dir(), instance_relative_config=True,
                template_folder=str(resource_dir("templates")))  # fmt: skip
    os.makedirs(app.instance_path, exist_ok=True)

    from matcher import config, db

    config.configure(app, test_config)
    db.init_app(app)

    from matcher.web import api, errors, public

    app.register_blueprint(public.bp)
    app.register_blueprint(api.bp)
    errors.init_app(app)

    from matcher.cli import register_commands

    register_commands(app)
    return app

"""The Starlette app: configuration, templates, routes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .security import Guard

HERE = Path(__file__).parent


@dataclass(frozen=True)
class WebConfig:
    db_path: str | None = None  # None: the store under BRIEFCHECK_HOME
    token: str | None = None  # required on every request when set
    reviewer: str | None = None  # --by / BRIEFCHECK_REVIEWER; else asked on the page
    loopback_only: bool = True  # bound to loopback: serve loopback Host headers only
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)


def templates() -> Environment:
    env = Environment(loader=PackageLoader("pipeline.web", "templates"),
                      autoescape=select_autoescape(["html", "svg"], default=True))
    env.filters["pct"] = lambda x: "-" if x is None else f"{x:.0%}"
    env.filters["score"] = lambda x: "-" if x is None else f"{x:.2f}"
    return env


def create_app(cfg: WebConfig | None = None) -> Starlette:
    from . import views

    cfg = cfg or WebConfig()
    app = Starlette(
        routes=[
            Route("/", views.queue),
            Route("/claims/{item_id:int}", views.claim),
            Route("/claims/{item_id:int}/{decision:str}", views.decide, methods=["POST"]),
            Route("/briefings/{sha:str}", views.briefing),
            Route("/calibration", views.calibration),
            Route("/reviewer", views.set_reviewer, methods=["POST"]),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[Middleware(Guard, secret=cfg.secret, token=cfg.token, loopback_only=cfg.loopback_only)],
        exception_handlers={404: views.not_found, 405: views.not_allowed},
    )
    app.state.cfg = cfg
    app.state.env = templates()
    return app

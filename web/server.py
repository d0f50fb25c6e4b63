"""The careers page's web server (aiohttp): the page, the chat widget and its font, and the salary charts.

Everything is served from this project; the Content-Security-Policy forbids inline script and
every foreign origin except the assistant's socket.io URL (connect-src) and the charts' origin.
Settings come from the environment (the first three also from options of the same name):

    WEB_HOST, WEB_PORT   where to listen (127.0.0.1, 8080)
    RASA_SOCKET_URL      the assistant's URL as the browser reaches it (http://localhost:5005)
    CHART_BASE_URL       where the assistant's replies point for charts (http://localhost:8080)
    WEB_ORIGINS          the page origins allowed to use the assistant and the widget's files
"""

from __future__ import annotations

import argparse
from html import escape
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

from aiohttp import web

from actions.knowledge import KnowledgeBase, knowledge_base
from assistant.privacy_notice import privacy_notice
from channels.socketio_origins import DEFAULT_ORIGINS, web_origins
from web.page import render_page
from web.salary_chart import UnknownChart, comparison_chart, profession_chart, render_png

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
NODE_MODULES = HERE / "node_modules"
WIDGET_BUNDLE = NODE_MODULES / "rasa-webchat" / "lib" / "index.js"
FONT_PACKAGE = NODE_MODULES / "@fontsource" / "inter"
# rasa-webchat 1.0.1's bundle imports the Inter font from Google; the project serves Inter itself.
FOREIGN_FONT_IMPORT = "@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    rasa_socket_url: str
    chart_base_url: str
    origins: Tuple[str, ...]


def parse_settings(argv: Optional[List[str]] = None) -> Settings:
    """Settings from the command line, each option defaulting to its environment variable."""
    parser = argparse.ArgumentParser(prog="python -m web", description="Serves the careers page.")
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--rasa-socket-url", default=os.environ.get("RASA_SOCKET_URL", "http://localhost:5005"))
    args = parser.parse_args(argv)
    return Settings(
        host=args.host,
        port=args.port,
        rasa_socket_url=args.rasa_socket_url.rstrip("/"),
        chart_base_url=os.environ.get("CHART_BASE_URL", f"http://localhost:{args.port}").rstrip("/"),
        origins=tuple(web_origins(os.environ.get("WEB_ORIGINS", DEFAULT_ORIGINS))),
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(settings: Settings) -> str:
    """No inline script, no foreign origin but the assistant's socket and the charts' server."""
    rasa = _origin(settings.rasa_socket_url)
    socket = rasa.replace("http", "ws", 1)
    # rasa-webchat puts its CSS into <style> elements, hence 'unsafe-inline' for styles only.
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: {_origin(settings.chart_base_url)}",
        "font-src 'self' data:",
        f"connect-src 'self' {rasa} {socket}",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])


def widget_bundle() -> bytes:
    """rasa-webchat's bundle without its request to Google Fonts."""
    if not WIDGET_BUNDLE.exists():
        raise SystemExit(f"{WIDGET_BUNDLE} is missing: run `make install` (npm ci in web/).")
    source = WIDGET_BUNDLE.read_text(encoding="utf-8").replace(FOREIGN_FONT_IMPORT, "")
    if "fonts.googleapis.com" in source:
        raise SystemExit("The rasa-webchat bundle loads a font from Google in a way web/server.py does not remove.")
    return source.encode("utf-8")


def rendered_charts(kb: KnowledgeBase) -> Dict[Tuple[str, str], bytes]:
    """Every chart there is, rendered once: ("salary", profession) and ("comparison", level)."""
    charts = {("salary", p.key): render_png(profession_chart(kb, p.key)) for p in kb.professions if kb.salary_rows(p.key)}
    for level in kb.levels:
        try:
            charts[("comparison", level.key)] = render_png(comparison_chart(kb, level.key))
        except UnknownChart:
            continue
    return charts


def security_headers(settings: Settings) -> Callable:
    """Middleware: CSP and friends on every response, CORS for the configured page origins."""
    policy = content_security_policy(settings)

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as error:
            response = web.Response(status=error.status, text=_german_error(error.status))
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        origin = request.headers.get("Origin")
        if origin in settings.origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
        return response

    return middleware


def _german_error(status: int) -> str:
    if status == 404:
        return "Diese Seite gibt es nicht."
    if status == 405:
        return "Diese Anfrage ist hier nicht erlaubt."
    return "Die Anfrage ist ungültig."


def create_app(settings: Settings, kb: KnowledgeBase) -> web.Application:
    """The web application; the page and all charts are rendered here, once."""
    page = render_page(kb, settings.rasa_socket_url)
    bundle = widget_bundle()
    charts = rendered_charts(kb)

    async def index(_: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html")

    async def widget_js(_: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "widget.js")

    async def widget_css(_: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "widget.css")

    async def rasa_webchat(_: web.Request) -> web.Response:
        response = web.Response(body=bundle, content_type="application/javascript", charset="utf-8")
        response.enable_compression()
        return response

    async def salary_chart(request: web.Request) -> web.Response:
        return _chart(charts, "salary", request.query.get("profession", ""), "Zu diesem Beruf gibt es kein Gehaltsdiagramm.")

    async def comparison(request: web.Request) -> web.Response:
        return _chart(charts, "comparison", request.query.get("level", kb.common_level()), "Für diese Stufe gibt es keinen Vergleich.")

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def privacy(_: web.Request) -> web.Response:
        return web.Response(text=privacy_page(), content_type="text/html")

    app = web.Application(middlewares=[security_headers(settings)])
    app.router.add_get("/", index)
    app.router.add_get("/widget.js", widget_js)
    app.router.add_get("/widget.css", widget_css)
    app.router.add_get("/vendor/rasa-webchat.js", rasa_webchat)
    app.router.add_static("/vendor/inter/", FONT_PACKAGE)
    app.router.add_static("/static/", STATIC)
    app.router.add_get("/charts/salary.png", salary_chart)
    app.router.add_get("/charts/comparison.png", comparison)
    app.router.add_get("/health", health)
    app.router.add_get("/datenschutz", privacy)
    return app


def privacy_page() -> str:
    """The privacy notice as a small German page of its own (linked from the page and the widget)."""
    return (
        '<!doctype html>\n<html lang="de">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>Datenschutz – Karriere-Assistent</title><link rel="stylesheet" href="/static/site.css"></head>\n'
        f'<body><main id="inhalt"><h1>Datenschutz</h1><p>{escape(privacy_notice())}</p>'
        '<p><a href="/">Zurück zur Seite</a></p></main></body>\n</html>\n'
    )


def _chart(charts: Dict[Tuple[str, str], bytes], kind: str, key: str, missing: str) -> web.Response:
    png = charts.get((kind, key))
    if png is None:
        return web.Response(status=404, text=missing)
    return web.Response(body=png, content_type="image/png", headers={"Cache-Control": "public, max-age=3600"})


def main() -> None:
    """Serve until Ctrl-C or SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = parse_settings()
    app = create_app(settings, knowledge_base())
    web.run_app(app, host=settings.host, port=settings.port, print=None)

"""The action server (rasa-sdk's Sanic app for `actions/`) on the loopback address, guarded by a shared secret.

    python -m assistant.action_server --port 5055

- It listens on LISTEN_ADDRESS (default 127.0.0.1).
- Where ACTION_SERVER_TOKEN is set, every call of /webhook must carry it in the `X-Action-Token`
  header (endpoints.yml makes Rasa send it); anything else gets a 401. /health stays open.
- Idle connections stay open for KEEP_ALIVE_SECONDS, longer than Rasa's client keeps them.
- A failing action gets a 500 with a short error only: rasa-sdk's own handler would echo the
  whole request, i.e. the visitor's conversation.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
from typing import Optional

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

TOKEN_HEADER = "X-Action-Token"
DEFAULT_LISTEN_ADDRESS = "127.0.0.1"
DEFAULT_PORT = 5055
# Longer than the keep-alive of Rasa's aiohttp client (15 s). With Sanic's default of 5 s, an action called after 5 to 15 s
# without one could meet a connection the server was just closing, and the visitor got an apology for nothing
# ("Cannot write to closing transport"); rasa-sdk itself set 120 s later (RasaHQ/rasa-sdk#1047).
KEEP_ALIVE_SECONDS = 120


def build_app(token: Optional[str]) -> Sanic:
    """rasa-sdk's app for the `actions` package, with the token check and a 500 that echoes nothing."""
    app = create_app("actions", cors_origins=None)
    app.config.KEEP_ALIVE_TIMEOUT = KEEP_ALIVE_SECONDS

    @app.on_request
    async def require_token(request: Request) -> Optional[HTTPResponse]:
        if token and request.path != "/health":
            sent = request.headers.get(TOKEN_HEADER, "")
            if not hmac.compare_digest(sent.encode(), token.encode()):
                return response.json({"error": "unauthorised"}, status=401)
        return None

    async def plain_error(request: Request, exception: Exception) -> HTTPResponse:
        logger.error("Action server error: %s", type(exception).__name__, exc_info=exception)
        return response.json({"error": "internal error"}, status=500)

    app.error_handler.add(Exception, plain_error)
    return app


def main() -> None:
    """Parses --port and serves the actions until stopped."""
    parser = argparse.ArgumentParser(prog="python -m assistant.action_server")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT", DEFAULT_PORT)))
    args = parser.parse_args()
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    host = os.environ.get("LISTEN_ADDRESS", DEFAULT_LISTEN_ADDRESS)
    app = build_app(os.environ.get("ACTION_SERVER_TOKEN") or None)
    logger.info("Action server on http://%s:%d", host, args.port)
    app.run(host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()

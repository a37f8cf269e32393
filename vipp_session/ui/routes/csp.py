"""Security headers for every HTTP answer, and a content security policy for the pages.

What NiceGUI 3.18 needs, and why each allowance is there:
- Its page template has inline scripts (the import map, the page's elements, our
  own small activity script). Each gets a fresh nonce per page: the nonce is added
  to the literal `<script` tags of the HTML we serve. That is safe because NiceGUI
  escapes `<` in everything it puts into a page (names, notes, words typed), so no
  text of a family can ever form a `<script` tag that would be given the nonce.
- 'unsafe-eval': Vue compiles NiceGUI's element templates and event handlers in
  the browser (new Function), and there is no precompiled build of them. Only
  scripts the app itself served can reach eval, since no other script may run.
- Styles: Quasar and NiceGUI set styles at run time
  (style elements and attributes), so style-src allows 'unsafe-inline'; a style
  cannot run code.
- Everything else (fonts, pictures, clips, the websocket) comes from the app itself.
"""

from __future__ import annotations

import re
import secrets

FRAMING = [(b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer")]
PAGE_POLICY = ("default-src 'self'; script-src 'self' 'nonce-{nonce}' 'unsafe-eval'; "
               "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
               "media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; "
               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
OTHER_POLICY = "frame-ancestors 'none'"  # files (clips, PDFs, scripts) run no page of their own
SCRIPT_TAG = re.compile(rb"<script(?=[\s>])")


def page_policy(nonce: str) -> str:
    return PAGE_POLICY.format(nonce=nonce)


def add_nonces(html: bytes, nonce: str) -> bytes:
    return SCRIPT_TAG.sub(b'<script nonce="' + nonce.encode() + b'"', html)


def add_security_headers(scope, send):
    """Wrap an ASGI `send`: headers on every answer; HTML pages get nonces and the page policy."""
    state: dict = {}

    async def sending(message):
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", [])
                       if k.lower() not in (b"x-frame-options", b"content-security-policy")]
            is_html = any(k.lower() == b"content-type" and v.startswith(b"text/html")
                          for k, v in headers)
            if not is_html:
                headers += FRAMING + [(b"content-security-policy", OTHER_POLICY.encode())]
                return await send({**message, "headers": headers})
            state["start"], state["body"] = {**message, "headers": headers}, []
            return None
        if message["type"] != "http.response.body" or "start" not in state:
            return await send(message)
        state["body"].append(message.get("body", b""))
        if message.get("more_body"):
            return None
        nonce = secrets.token_urlsafe(18)
        body = add_nonces(b"".join(state["body"]), nonce)
        start = state.pop("start")
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        headers += FRAMING + [(b"content-length", str(len(body)).encode()),
                              (b"content-security-policy", page_policy(nonce).encode())]
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return sending

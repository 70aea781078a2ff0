"""What every response of the project carries (docs/security.md "Headers"), as one check that the
tenancy matrix runs on each of its cells and tests/test_headers.py on chosen pages.

Every response that Django makes (pages, redirects, errors, PDFs, exports, the API; not the
static files WhiteNoise serves before the middleware):
- `Content-Security-Policy` with the strict directives below; a nonce in it is the one on the
  page's tags;
- `Permissions-Policy` with camera, microphone, geolocation, payment and usb off;
- `Cache-Control` with `no-store` and `private`;
- `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin`.
An HTML page also has no inline script, inline style or event handler without the nonce.
"""

from __future__ import annotations

import re
from typing import Any

STRICT = {
    "default-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "form-action": {"'self'"},
}
SCRIPT_STYLE = ("script-src", "style-src")
BASE_URI = ({"'none'"}, {"'self'"})
# Only the document a signer reads may be framed, by this site's own signing page.
FRAME_ANCESTORS = ({"'none'"}, {"'self'"})
FEATURES_OFF = ("camera", "microphone", "geolocation", "payment", "usb")

TAG = re.compile(r"<(script|style)\b([^>]*)>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(
    r"<[a-z][^>]*\son(?:click|change|submit|load|input|focus|blur|error|key\w+|mouse\w+)\s*=",
    re.I,
)
DATA_BLOCK = re.compile(r'\btype="application/(?:ld\+)?json"', re.I)
NONCE_ATTRIBUTE = re.compile(r'\snonce="([^"]*)"')


def parse_csp(header: str) -> dict[str, set[str]]:
    policy: dict[str, set[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0]] = set(words[1:])
    return policy


def csp_nonce(policy: dict[str, set[str]]) -> str | None:
    nonces = {
        v[len("'nonce-") : -1] for v in policy.get("script-src", ()) if v.startswith("'nonce-")
    }
    return nonces.pop() if len(nonces) == 1 else None


def _csp_problems(header: str | None, html: str | None) -> list[str]:
    if not header:
        return ["no Content-Security-Policy"]
    policy = parse_csp(header)
    problems = [
        f"CSP {name} is {sorted(policy.get(name, ()))}"
        for name, values in STRICT.items()
        if policy.get(name) != values
    ]
    if policy.get("base-uri") not in BASE_URI:
        problems.append(f"CSP base-uri is {sorted(policy.get('base-uri', ()))}")
    if policy.get("frame-ancestors") not in FRAME_ANCESTORS:
        problems.append(f"CSP frame-ancestors is {sorted(policy.get('frame-ancestors', ()))}")
    for name in SCRIPT_STYLE:
        values = policy.get(name, set())
        if "'self'" not in values or values & {"'unsafe-inline'", "'unsafe-eval'", "*"}:
            problems.append(f"CSP {name} is {sorted(values)}")
    nonce = csp_nonce(policy)
    if html is None:
        return problems
    for tag, attributes in TAG.findall(html):
        if tag.lower() == "script" and (
            " src=" in f" {attributes}" or DATA_BLOCK.search(attributes)
        ):
            continue  # an external script ('self'), or data (json_script) the browser never runs
        found = NONCE_ATTRIBUTE.search(f" {attributes}")
        if not found:
            problems.append(f"inline <{tag}> without a nonce")
        elif found.group(1) != nonce:
            problems.append(f"<{tag}> with a nonce that is not the header's")
    if STYLE_ATTRIBUTE.search(html):
        problems.append(f"a style attribute: {STYLE_ATTRIBUTE.search(html).group(0)[:80]}")
    if EVENT_HANDLER.search(html):
        problems.append(f"an inline event handler: {EVENT_HANDLER.search(html).group(0)[:80]}")
    return problems


def header_problems(response: Any, body: bytes) -> list[str]:
    """What is missing or wrong in the security headers of one response (empty: all good)."""
    is_html = response.get("Content-Type", "").startswith("text/html")
    html = body.decode("utf-8", "replace") if is_html else None
    problems = _csp_problems(response.get("Content-Security-Policy"), html)
    permissions = response.get("Permissions-Policy", "")
    problems += [
        f"Permissions-Policy lacks {f}=()" for f in FEATURES_OFF if f"{f}=()" not in permissions
    ]
    cache_control = {p.strip() for p in response.get("Cache-Control", "").split(",")}
    if not {"no-store", "private"} <= cache_control:
        problems.append(f"Cache-Control is {response.get('Cache-Control')!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append(f"Referrer-Policy is {response.get('Referrer-Policy')!r}")
    return problems

"""Signatures of deliveries: HMAC-SHA256 over "<timestamp>.<body>" with the endpoint's secret.

Headers sent with every delivery:
    Circles-Webhook-Id          the event's id (the same on every attempt and replay)
    Circles-Webhook-Timestamp   seconds since 1970 when this attempt was signed
    Circles-Webhook-Signature   v1=<hex digest>
A receiver recomputes the digest, compares in constant time, and refuses a timestamp older
than a few minutes (a replayed capture).
"""

from __future__ import annotations

import hashlib
import hmac
import time

SCHEME = "v1"
TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return f"{SCHEME}=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    header: str,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    try:
        moment = int(timestamp)
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - moment) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, moment, body), header)

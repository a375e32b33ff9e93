"""Signed links for a story: the link is the credential, so someone who has left the
organisation (and can no longer sign in) can still withdraw what they agreed to.

Two kinds: a named person's link to their consent ("consent"), and the author's link to their
story ("author"). Both carry the person's id, checked against the record they open.
"""

from __future__ import annotations

from typing import Literal

from django.core import signing

SALT = "circles.library.story-link"
LinkKind = Literal["consent", "author"]
KINDS = ("consent", "author")


def story_link_token(kind: LinkKind, record_id: int, person_id: int) -> str:
    return signing.dumps([kind, record_id, person_id], salt=SALT, compress=True)


def read_story_link_token(token: str) -> tuple[LinkKind, int, int]:
    """(kind, consent or item id, person id); ``signing.BadSignature`` for anything not ours."""
    value = signing.loads(token, salt=SALT)
    if (
        not isinstance(value, list)
        or len(value) != 3
        or value[0] not in KINDS
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value[1:])
    ):
        raise signing.BadSignature("Malformed story link.")
    kind: LinkKind = "consent" if value[0] == "consent" else "author"
    return kind, int(value[1]), int(value[2])

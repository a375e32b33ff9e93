"""Concurrent members, each signed in through the real sign-in form, writing through the real
forms (CSRF token and submit-once token included). Every write the server acknowledged is
recorded with its unique text, so that it can be looked for in the database afterwards."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import requests

KINDS = ("note", "question", "commitment", "check_in")


class _Forms(HTMLParser):
    """Every form of a page: its action and the values a browser would send unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}, "options": {}})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and a.get("type") == "hidden":
            self.forms[-1]["fields"][a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
            self.forms[-1]["options"][self._select] = []
        elif tag == "option" and self._select and a.get("value"):
            self.forms[-1]["options"][self._select].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def form_on(html: str, action_ends: str) -> dict[str, Any] | None:
    parser = _Forms()
    parser.feed(html)
    return next((f for f in parser.forms if f["action"].endswith(action_ends)), None)


@dataclass
class Tally:
    """What every client saw, shared between the client threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[str] = field(default_factory=Counter)
    acknowledged: list[dict[str, str]] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    unclear_503: int = 0
    last_success: float = 0.0

    def count(self, response: requests.Response | None, what: str) -> None:
        with self.lock:
            if response is None:
                self.statuses["no answer"] += 1
                return
            self.statuses[str(response.status_code)] += 1
            if response.status_code == 503:
                body = response.text
                if "Briefly unavailable" not in body and "try again" not in body:
                    self.unclear_503 += 1
            elif response.status_code >= 500:
                self.server_errors.append(f"{response.status_code} {what}")
            elif response.status_code < 400:
                self.last_success = time.monotonic()

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())


class Member(threading.Thread):
    """One member writing in a loop: a note, a question, a commitment, a check-in, again."""

    def __init__(self, base: str, login: dict[str, Any], number: int, tally: Tally) -> None:
        super().__init__(daemon=True)
        self.base, self.login, self.number, self.tally = base, login, number, tally
        self.session = requests.Session()
        self.running = threading.Event()
        self.running.set()
        self.sequence = 0

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response | None:
        try:
            response = self.session.request(
                method, self.base + path, timeout=30, allow_redirects=False, **kwargs
            )
        except requests.RequestException:
            response = None
        self.tally.count(response, f"{method} {path}")
        return response

    def sign_in(self) -> None:
        page = self._call("GET", "/accounts/login/")
        form = form_on(page.text, "") if page is not None else None
        if form is None:
            raise RuntimeError("no sign-in form")
        data = {
            **form["fields"],
            "username": self.login["email"],
            "password": self.login["password"],
        }
        answer = self._call("POST", "/accounts/login/", data=data)
        if answer is None or answer.status_code != 302:
            raise RuntimeError(f"signing in failed: {answer and answer.status_code}")

    def stop(self) -> None:
        self.running.clear()

    def run(self) -> None:
        while self.running.is_set():
            kind = KINDS[self.sequence % len(KINDS)]
            self.sequence += 1
            self.write(kind, f"fault-battery {self.number}-{self.sequence} {kind}")

    def write(self, kind: str, text: str) -> None:
        meeting, commitment = self.login["meeting"], self.login["commitment"]
        page_path, action, fields = {
            "note": (f"/meetings/{meeting}/", "/notes/", {"body": text}),
            "question": (f"/meetings/{meeting}/run/", "/run/question", {"text": text}),
            "commitment": (
                f"/meetings/{meeting}/",
                "/commitments/",
                {
                    "owner": str(self.login["person"]),
                    "action": text,
                    "due_on": (dt.date.today() + dt.timedelta(days=14)).isoformat(),
                },
            ),
            "check_in": (
                "/commitments/",
                f"/commitments/{commitment}/check-in/",
                {
                    f"ci{commitment}-update": text,
                    f"ci{commitment}-percent": str(self.sequence % 101),
                },
            ),
        }[kind]
        page = self._call("GET", page_path)
        if page is None or page.status_code != 200:
            time.sleep(0.2)  # the server is down or refusing: try again shortly
            return
        form = form_on(page.text, action)
        if form is None:
            with self.tally.lock:
                self.tally.refusals.append(f"no {kind} form on {page_path}")
            return
        data = {**form["fields"], **fields}
        for name, options in form["options"].items():
            if name not in data and options:
                data[name] = options[0]
        answer = self._call("POST", form["action"], data=data)
        if answer is not None and answer.status_code in (302, 303):
            with self.tally.lock:
                self.tally.acknowledged.append({"kind": kind, "text": text})
        elif answer is not None and 400 <= answer.status_code < 500:
            with self.tally.lock:
                self.tally.refusals.append(f"{answer.status_code} {kind}")

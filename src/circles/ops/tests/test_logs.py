"""Every line logged while answering a request carries its id; with CIRCLES_LOG_FORMAT=json
each line is one JSON object."""

from __future__ import annotations

import io
import json
import logging
import logging.config

import pytest

from circles.ops.logs import HEADER, current_request_id, logging_config, request_id_from

pytestmark = pytest.mark.django_db


def test_each_response_names_a_fresh_request_id(client):
    first = client.get("/healthz")[HEADER]
    second = client.get("/healthz")[HEADER]
    assert len(first) == 32
    assert first != second


def test_a_proxy_s_id_is_kept_and_anything_else_replaced(client):
    assert client.get("/healthz", headers={HEADER: "edge-42.abc"})[HEADER] == "edge-42.abc"
    forged = client.get("/healthz", headers={HEADER: 'x" level="ERROR'})[HEADER]
    assert forged != 'x" level="ERROR'
    assert len(forged) == 32
    assert request_id_from("a" * 65) != "a" * 65


def test_json_lines_carry_the_request_id_of_the_request_they_were_logged_in(client, monkeypatch):
    stream = io.StringIO()
    config = logging_config(json_lines=True, level="INFO")
    config["handlers"]["console"]["stream"] = "ext://sys.stderr"
    logging.config.dictConfig(config)
    root = logging.getLogger()
    handler = root.handlers[0]
    monkeypatch.setattr(handler, "stream", stream)
    seen = []

    def view_logs(*args, **kwargs):
        seen.append(current_request_id())
        logging.getLogger("circles.test").warning("inside %s", "the request")
        return {"status": "ok"}

    try:
        with monkeypatch.context() as patch:
            patch.setattr("circles.ops.health._database_answers", lambda: bool(view_logs()))
            response = client.get("/healthz")
        logging.getLogger("circles.test").warning("outside")
    finally:
        from django.conf import settings

        logging.config.dictConfig(settings.LOGGING)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    inside = next(line for line in lines if line["message"] == "inside the request")
    assert inside["request_id"] == response[HEADER] == seen[0]
    assert inside["level"] == "WARNING"
    assert inside["logger"] == "circles.test"
    assert "time" in inside
    outside = next(line for line in lines if line["message"] == "outside")
    assert outside["request_id"] is None

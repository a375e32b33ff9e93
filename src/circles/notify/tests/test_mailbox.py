"""The development mailbox: one .eml file and one short log line per email."""

from __future__ import annotations

import email
import logging
import os
import subprocess
import sys

from django.core.mail import EmailMultiAlternatives, get_connection

BACKEND = "circles.notify.mailbox.EmailBackend"


def test_each_email_is_saved_whole_and_logged_in_one_line(settings, tmp_path, caplog):
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    messages = []
    for n in range(3):
        message = EmailMultiAlternatives(
            f"Reminder {n}", "Plain body\n" * 40, "from@example.org", [f"p{n}@example.org"]
        )
        message.attach_alternative("<p>HTML body</p>", "text/html")
        messages.append(message)
    with caplog.at_level(logging.INFO, logger="circles.mail"):
        assert get_connection(BACKEND).send_messages(messages) == 3
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 3
    parsed = [email.message_from_bytes(f.read_bytes()) for f in files]
    assert sorted(m["To"] for m in parsed) == ["p0@example.org", "p1@example.org", "p2@example.org"]
    assert all(m.is_multipart() for m in parsed)
    lines = [r.getMessage() for r in caplog.records if r.name == "circles.mail"]
    assert len(lines) == 3
    assert all("\n" not in line and "Plain body" not in line for line in lines)
    assert any("p1@example.org" in line and "“Reminder 1”" in line for line in lines)


def test_without_a_path_the_mailbox_is_the_var_folder(settings, tmp_path):
    settings.EMAIL_FILE_PATH = ""
    settings.VAR_DIR = tmp_path
    message = EmailMultiAlternatives("Hello", "Body", "from@example.org", ["to@example.org"])
    get_connection(BACKEND).send_messages([message])
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 1


def settings_in_a_fresh_process(**env: str) -> list[str]:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.EMAIL_BACKEND); print(settings.SITE_URL)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"EMAIL_URL", "SITE_URL", "PORT"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=clean | {"DJANGO_SETTINGS_MODULE": "circles.settings"} | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_mailfile_url_selects_the_mailbox():
    assert settings_in_a_fresh_process(EMAIL_URL="mailfile://")[0] == BACKEND


def test_links_in_emails_follow_the_served_port_unless_site_url_is_set():
    assert settings_in_a_fresh_process(PORT="30100")[1] == "http://127.0.0.1:30100"
    assert settings_in_a_fresh_process()[1] == "http://127.0.0.1:8000"
    site = settings_in_a_fresh_process(PORT="30100", SITE_URL="https://circles.example.org")
    assert site[1] == "https://circles.example.org"

"""The main pages in every language: nothing left unmarked or untranslated, nothing wider than a
phone, and Arabic mirrored.

Unmarked strings are found with a test language whose catalogue wraps every English source
string in ⟦ ⟧ (Django's own strings included): on a page in that language, whatever text is
neither wrapped nor someone's data (isolated with <bdi> or dir="auto", as right-to-left pages need
anyway) was never marked for translation.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import django
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from circles.demo import DEMO_PASSWORD, create_demo
from circles.languages import catalogues

from .conftest import assert_accessible, demo_pilot, sign_in
from .test_dark_mode import ADMIN, LEAD, MEMBER, _member_pages
from .test_layout import page_fits

PSEUDO = "en-xa"
PHONE = (390, 844)
OPEN, CLOSE = "⟦", "⟧"

# The page's text in reading order, with people's data (isolated for right-to-left reading)
# blanked to "·"; option lists are left out (their labels are names or appear elsewhere).
PAGE_TEXT = """() => {
  const skip = el => el.closest(
    'script, style, template, textarea, bdi, [dir="auto"], option, .user-text');
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    parts.push(skip(node.parentElement) ? '·' : node.textContent);
  }
  for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      if (el.hasAttribute(name) && !skip(el)) parts.push(' | ' + el.getAttribute(name) + ' | ');
    }
  }
  return parts.join('·');
}"""
# What a page shows that no catalogue holds: the product's name, and dates and times in the
# test language's (English) calendar.
NOT_TRANSLATED = re.compile(
    r"Coaching Circles|\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(day|sday|nesday|rsday|urday)?\b"
    r"|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\b|\b[ap]m\b"
    # Time zone abbreviations (CET, GMT+1) and names of formats (CSV, PDF).
    r"|\b[A-Z]{2,5}\b",
)
LETTER = re.compile(r"[^\W\d_]")


def _pseudo_catalogue(domain: str) -> Catalog:
    """Every source string of ours (and for pages, of Django's), wrapped in ⟦ ⟧."""
    pseudo = Catalog(locale="en")
    sources = [catalogues.po_path("de", domain)]
    if domain == "django":
        sources.append(Path(django.__file__).parent / "conf/locale/de/LC_MESSAGES/django.po")
    for path in sources:
        for message in catalogues.read_catalogue(path, "de"):
            if not message.id:
                continue
            if isinstance(message.id, tuple | list):
                string: str | tuple[str, str] = (
                    OPEN + message.id[0] + CLOSE,
                    OPEN + message.id[1] + CLOSE,
                )
            else:
                string = OPEN + message.id + CLOSE
            pseudo.add(message.id, string, context=message.context)
    return pseudo


@pytest.fixture
def pseudo_language(settings, tmp_path):
    messages = tmp_path / "locale" / "en_XA" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    for domain in catalogues.DOMAINS:
        buffer = io.BytesIO()
        write_mo(buffer, _pseudo_catalogue(domain))
        (messages / f"{domain}.mo").write_bytes(buffer.getvalue())
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO, "Pseudo")]
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]
    scripts = tmp_path / "static"
    settings.STATICFILES_DIRS = [scripts, *settings.STATICFILES_DIRS]
    # The command activates the language it writes and leaves it active: keep ours.
    with translation.override(settings.LANGUAGE_CODE):
        call_command("compilejsi18n", locale=PSEUDO, outputdir=str(scripts / "jsi18n"))
    return PSEUDO


def unmarked(text: str) -> list[str]:
    """What is left of a page's text once every translated string is taken out."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", "·", text)
    text = NOT_TRANSLATED.sub("", text)
    return sorted({chunk.strip() for chunk in re.split(r"[·|\n]", text) if LETTER.search(chunk)})


@pytest.fixture
def demo(transactional_db: None) -> None:
    create_demo()


def _use_language(page, language: str) -> None:
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": page.url or "http://localhost"}]
    )


def _pages_of_everyone(new_page, width: int, height: int):
    """(page, urls) for a member, a lead and an admin, each signed in."""
    pilot = demo_pilot()
    member, lead, admin = (new_page(width, height) for _ in range(3))
    sign_in(member, MEMBER, DEMO_PASSWORD)
    sign_in(lead, LEAD, DEMO_PASSWORD)
    sign_in(admin, ADMIN, DEMO_PASSWORD)
    return [
        (member, [*_member_pages(), reverse("plan_detail"), reverse("account_settings")]),
        (lead, [reverse("insights_dashboard", args=[pilot.pk]), reverse("library_index")]),
        (
            admin,
            [
                reverse("people_directory"),
                reverse("programme_detail", args=[pilot.pk]),
                reverse("programme_index"),
            ],
        ),
    ]


def test_every_string_on_the_main_pages_is_marked_for_translation(demo, new_page, pseudo_language):
    found: dict[str, list[str]] = {}
    signed_out = new_page()
    signed_out.goto("/accounts/login/")
    _use_language(signed_out, pseudo_language)
    signed_out.goto("/accounts/login/")
    found["/accounts/login/"] = unmarked(signed_out.evaluate(PAGE_TEXT))
    for page, urls in _pages_of_everyone(new_page, 1280, 900):
        _use_language(page, pseudo_language)
        for url in urls:
            response = page.goto(url)
            assert response is not None
            assert response.status == 200, url
            found[url] = unmarked(page.evaluate(PAGE_TEXT))
    left = {url: texts for url, texts in found.items() if texts}
    assert not left, "text neither translated nor someone's data:\n" + "\n".join(
        f"{url}: {texts}" for url, texts in left.items()
    )


def _english_leftovers(text: str, language: str) -> list[str]:
    """English source strings of two words or more that the page shows untranslated."""
    left = []
    for message in catalogues.read_catalogue(catalogues.po_path(language), language):
        if not message.id or isinstance(message.id, tuple | list):
            continue
        if len(message.id.split()) < 2 or "%(" in message.id or "<" in message.id:
            continue
        if message.string != message.id and message.id in text:
            left.append(message.id)
    return left


@pytest.mark.parametrize("language", ["de", "es", "fr", "ar"])
def test_the_main_pages_speak_the_language_and_fit_a_phone(demo, new_page, language):
    width, height = PHONE
    for page, urls in _pages_of_everyone(new_page, width, height):
        _use_language(page, language)
        for url in urls:
            response = page.goto(url)
            assert response is not None
            assert response.status == 200, url
            assert page.evaluate("document.documentElement.lang") == language
            direction = page.evaluate("getComputedStyle(document.body).direction")
            assert direction == ("rtl" if language == "ar" else "ltr"), url
            page_fits(page)
            assert not _english_leftovers(page.evaluate(PAGE_TEXT), language), url


def test_arabic_pages_mirror(demo, new_page):
    page = new_page(1280, 900)
    sign_in(page, MEMBER, DEMO_PASSWORD)
    _use_language(page, "ar")
    page.goto("/")
    brand, width = page.evaluate(
        "() => [document.querySelector('.brand').getBoundingClientRect().right, innerWidth]"
    )
    # The product's name starts the header at the right-hand edge, where Arabic reading starts.
    assert brand > width * 0.6
    assert_accessible(page)
    phone = new_page(*PHONE)
    sign_in(phone, MEMBER, DEMO_PASSWORD)
    _use_language(phone, "ar")
    phone.goto(_member_pages()[3])  # the runner
    assert phone.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    page_fits(phone)
    assert_accessible(phone)

"""The catalogues are complete, checked, compiled, and hold every string the code marks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from circles.languages import catalogues

LANGUAGES = catalogues.translated_languages()
CATALOGUES = [(lang, domain) for lang in LANGUAGES for domain in catalogues.DOMAINS]


def test_every_language_of_the_product_has_its_catalogues() -> None:
    assert LANGUAGES == ["de", "es", "fr", "ar"]
    for language, domain in CATALOGUES:
        assert catalogues.po_path(language, domain).exists(), (language, domain)


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_no_entry_is_untranslated_fuzzy_or_broken(language: str, domain: str) -> None:
    problems = catalogues.catalogue_problems(language, domain)
    assert not problems, "\n".join(map(str, problems[:40])) + f"\n({len(problems)} in all)"


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_the_compiled_catalogue_is_the_current_one(language: str, domain: str) -> None:
    source = catalogues.po_path(language, domain)
    committed = source.with_suffix(".mo")
    assert committed.exists(), f"{committed} missing: run ./dev messages"
    assert catalogues.compiled_entries(committed.read_bytes()) == catalogues.compiled_entries(
        catalogues.compiled(source, language)
    ), f"{committed} is older than its .po file: run ./dev messages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_scripts_catalogue_is_the_current_one(language: str, tmp_path: Path) -> None:
    committed = Path(settings.STATICI18N_ROOT) / "jsi18n" / language / "djangojs.js"
    assert committed.exists(), f"{committed} missing: run ./dev messages"
    # The command activates each language it writes and leaves it active: keep ours.
    with translation.override(settings.LANGUAGE_CODE):
        call_command("compilejsi18n", locale=language, outputdir=str(tmp_path), verbosity=0)
    fresh = tmp_path / language / "djangojs.js"
    assert fresh.read_text() == committed.read_text(), f"{committed} is stale: run ./dev messages"


def test_plural_entries_have_every_form_of_the_language() -> None:
    forms = {"de": 2, "es": 3, "fr": 2, "ar": 6}
    for language in LANGUAGES:
        catalogue = catalogues.read_catalogue(catalogues.po_path(language), language)
        assert catalogue.num_plurals == forms[language], language
        plurals = [m for m in catalogue if m.id and isinstance(m.id, tuple | list)]
        assert plurals, language
        for message in plurals:
            assert isinstance(message.string, tuple | list), (language, message.id)
            assert len(message.string) == forms[language], (language, message.id)


def test_the_checks_catch_a_broken_translation() -> None:
    def problems(msgid: str, string: str, *, fuzzy: bool = False) -> list[str]:
        flags = {"fuzzy"} if fuzzy else set()
        message = Message(msgid, string, flags=flags)
        return [p.what for p in catalogues.entry_problems(message, "de", "django")]

    assert problems("Due on %(date)s", "Fällig am %(date)s") == []
    assert problems("Due on %(date)s", "Fällig am %(datum)s")
    assert problems("Due on %(date)s", "") == ["untranslated"]
    assert problems("Due on %(date)s", "Fällig", fuzzy=True) == ["fuzzy"]
    assert problems("Read <bdi>%(name)s</bdi>", "Lies %(name)s")
    plural = Message(("%(n)s circle", "%(n)s circles"), ("ein Kreis", "%(n)s Kreise"))
    assert catalogues.entry_problems(plural, "de", "django") == []


def _keys(path: Path, language: str) -> set[tuple[object, str | None]]:
    return {
        (m.id if isinstance(m.id, str) else tuple(m.id), m.context)
        for m in catalogues.read_catalogue(path, language)
        if m.id
    }


def test_the_catalogues_hold_every_string_the_code_marks(
    tmp_path: Path,
    settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Extract the strings afresh (GNU gettext reads the code) from a copy of the source tree."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext) is needed to extract the strings on CI.")
        pytest.skip("GNU gettext (xgettext) not installed")
    # makemessages writes beside the tree it reads; a copy keeps the real catalogues untouched.
    tree = tmp_path / "circles"
    shutil.copytree(
        settings.BASE_DIR,
        tree,
        ignore=shutil.ignore_patterns("__pycache__", "locale", "jsi18n", "benchmarks", "*.mo"),
    )
    fresh = tmp_path / "locale"
    shutil.copytree(catalogues.locale_dir(), fresh, ignore=shutil.ignore_patterns("*.mo"))
    settings.LOCALE_PATHS = [fresh]
    catalogues.extract(tree)
    for language in LANGUAGES:
        for domain in catalogues.DOMAINS:
            wanted = _keys(fresh / language / "LC_MESSAGES" / f"{domain}.po", language)
            have = _keys(catalogues.po_path(language, domain), language)
            missing, gone = wanted - have, have - wanted
            assert not missing, (
                f"{language}/{domain}: {len(missing)} marked strings not in the catalogue "
                f"(run ./dev messages), e.g. {sorted(map(str, missing))[:3]}"
            )
            assert not gone, (
                f"{language}/{domain}: {len(gone)} strings no longer used (run ./dev messages), "
                f"e.g. {sorted(map(str, gone))[:3]}"
            )

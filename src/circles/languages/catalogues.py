"""The translation catalogues: extract the marked strings, check the translations, compile them.

`./dev messages` (this module's `update`) runs Django's `makemessages` over the code and the
templates (GNU xgettext does the reading), compiles every `.po` file with Babel (no GNU msgfmt
needed where the product is installed) and writes the scripts' catalogues as static files
(django-statici18n). The checks are what the test suite asserts of every catalogue: nothing
untranslated or fuzzy, the same placeholders and the same markup as the English source.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

DOMAINS = ("django", "djangojs")
SOURCE_LANGUAGE = "en"
# Django's makemessages walks the source tree; these are never shown to anyone.
IGNORED = [
    "tests/*",
    "*/tests/*",
    "migrations/*",
    "*/migrations/*",
    "static/jsi18n/*",
    "formation/benchmarks/*",
    "demo_content.py",
    "*/demo_content.py",
    "ops/scale/*",
    "*/management/*",
    # The REST API answers integrations in English; its token pages are translated.
    "api/v1/*",
    "api/bench.py",
]

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b")


def locale_dir() -> Path:
    """The product's own catalogues (extraction writes to the first of LOCALE_PATHS)."""
    return Path(__file__).resolve().parents[1] / "locale"


def translated_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def po_path(language: str, domain: str = "django") -> Path:
    return locale_dir() / language / "LC_MESSAGES" / f"{domain}.po"


def read_catalogue(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, abort_invalid=True)


@dataclass(frozen=True)
class Problem:
    language: str
    domain: str
    msgid: str
    what: str

    def __str__(self) -> str:
        return f"{self.language}/{self.domain}: {self.what}: {self.msgid[:80]!r}"


def _forms(message: Message) -> tuple[list[str], list[str]]:
    """The source texts and the translated texts of an entry (several for plurals)."""
    sources = list(message.id) if isinstance(message.id, tuple | list) else [message.id]
    strings = message.string
    translations = list(strings) if isinstance(strings, tuple | list) else [strings]
    return [str(s) for s in sources], [s or "" for s in translations]


def _placeholders(text: str) -> Counter[str]:
    return Counter(match.group(1) or match.group(0) for match in _PLACEHOLDER.finditer(text))


def _tags(text: str) -> Counter[str]:
    return Counter(name.lower() for name in _TAG.findall(text))


def entry_problems(message: Message, language: str, domain: str) -> list[Problem]:
    """What is wrong with one translated entry (nothing for a good one)."""
    if not message.id:
        return []
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    sources, translations = _forms(message)

    def problem(what: str) -> Problem:
        return Problem(language, domain, msgid, what)

    if message.fuzzy:
        return [problem("fuzzy")]
    if not all(translations):
        return [problem("untranslated")]
    problems = []
    wanted = _placeholders(sources[-1])
    wanted_tags = _tags(sources[-1])
    for text in translations:
        found = _placeholders(text)
        # A plural form may leave the number out ("one circle"), never add one of its own.
        unknown = set(found) - set(wanted)
        if unknown:
            problems.append(problem(f"unknown placeholder {sorted(unknown)}"))
        elif len(sources) == 1 and found != wanted:
            problems.append(problem(f"placeholders {dict(found)} instead of {dict(wanted)}"))
        if _tags(text) != wanted_tags:
            problems.append(problem(f"markup {dict(_tags(text))} instead of {dict(wanted_tags)}"))
    return problems


def catalogue_problems(language: str, domain: str) -> list[Problem]:
    path = po_path(language, domain)
    if not path.exists():
        return [Problem(language, domain, "", f"no catalogue at {path}")]
    catalogue = read_catalogue(path, language)
    problems = []
    for message in catalogue:
        problems.extend(entry_problems(message, language, domain))
    return problems


def compiled(path: Path, language: str) -> bytes:
    """The .mo bytes of a .po file, as Babel compiles them."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(path, language))
    return buffer.getvalue()


def compiled_entries(mo_bytes: bytes) -> dict[object, object]:
    catalogue = read_mo(io.BytesIO(mo_bytes))

    def frozen(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {
        (frozen(message.id), message.context): frozen(message.string)
        for message in catalogue
        if message.id
    }


def compile_all() -> list[Path]:
    written = []
    for language in translated_languages():
        for domain in DOMAINS:
            source = po_path(language, domain)
            if source.exists():
                target = source.with_suffix(".mo")
                target.write_bytes(compiled(source, language))
                written.append(target)
    return written


def extract(root: Path | None = None) -> None:
    """Run Django's makemessages over a source tree (the product's own by default).

    makemessages writes to a `locale` folder inside the tree it reads, else to the first of
    LOCALE_PATHS: a copy of the tree without one extracts into LOCALE_PATHS."""
    from django.core.management import call_command

    previous = Path.cwd()
    os.chdir(root or Path(settings.BASE_DIR))
    try:
        for domain in DOMAINS:
            call_command(
                "makemessages",
                locale=translated_languages(),
                domain=domain,
                ignore_patterns=IGNORED,
                no_obsolete=True,
                add_location="file",
                verbosity=0,
            )
    finally:
        os.chdir(previous)


def update() -> None:
    """Extract every marked string into the catalogues, compile them, write the scripts' ones."""
    from django.core.management import call_command

    extract()
    compile_all()
    with translation.override(settings.LANGUAGE_CODE):
        call_command("compilejsi18n", verbosity=0)


def main(argv: list[str]) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "circles.settings")
    django.setup()
    command = argv[0] if argv else "update"
    if command not in {"update", "check"}:
        print("usage: python -m circles.languages.catalogues [update|check]", file=sys.stderr)
        return 2
    if command == "update":
        update()
    problems = [
        problem
        for language in translated_languages()
        for domain in DOMAINS
        for problem in catalogue_problems(language, domain)
    ]
    for problem in problems[:50]:
        print(problem)
    print(f"{len(problems)} problems in {len(translated_languages()) * len(DOMAINS)} catalogues")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

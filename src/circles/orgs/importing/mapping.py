"""Which column holds which field: suggestions from the headers HR systems export, and checks.

A mapping is ``{field: header}``. Defaults fill what a file lacks: ``time_zone`` (for
everyone), ``time_zone_by_location`` (an office's zone) and ``date_order`` ("dmy" or "mdy",
for dates such as 03/04/2025).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from circles.lib.errors import DomainError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The fields a file can fill, in the order the mapping form shows them.
FIELDS: dict[str, StrOrPromise] = {
    "employee_id": gettext_lazy("Employee id"),
    "full_name": gettext_lazy("Full name"),
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "email": gettext_lazy("Work email"),
    "department": gettext_lazy("Department"),
    "job_family": gettext_lazy("Job family / role"),
    "level": gettext_lazy("Level (1 to 20)"),
    "location": gettext_lazy("Location (office)"),
    "time_zone": gettext_lazy("Time zone"),
    "manager": gettext_lazy("Manager (email or employee id)"),
    "start_date": gettext_lazy("Start date"),
    "work_starts_at": gettext_lazy("Working hours start"),
    "work_ends_at": gettext_lazy("Working hours end"),
    "languages": gettext_lazy("Languages"),
    "development_interests": gettext_lazy("Development interests"),
}

# Headers as HR systems (Workday, SAP SuccessFactors, Personio, BambooHR, HiBob, DATEV…)
# export them, English and German, compared after normalise_header().
# fmt: off
SYNONYMS: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employee id", "employee number", "employee no", "employee nr", "emp id", "emp no",
        "staff id", "staff number", "worker id", "personnel number", "person id", "payroll id",
        "user id", "id", "personalnummer", "personal nr", "pers nr", "mitarbeiternummer",
        "mitarbeiter id", "mitarbeiter nr", "ma nr",
    ),
    "full_name": (
        "full name", "name", "employee name", "display name", "preferred name", "legal name",
        "worker", "employee", "vollstandiger name", "mitarbeiter", "mitarbeitername",
        "name vorname",
    ),
    "first_name": (
        "first name", "given name", "forename", "first", "preferred first name", "vorname",
        "rufname",
    ),
    "last_name": ("last name", "surname", "family name", "last", "nachname", "familienname"),
    "email": (
        "work email", "email", "email address", "e mail", "e mail address", "business email",
        "work email address", "company email", "primary work email", "mail", "e mail adresse",
        "e mail geschaftlich", "email geschaftlich", "geschaftliche e mail", "dienstliche e mail",
        "e mail dienstlich",
    ),
    "department": (
        "department", "dept", "department name", "team", "division", "business unit",
        "organisational unit", "organizational unit", "org unit", "cost center name",
        "abteilung", "bereich", "organisationseinheit", "kostenstelle",
    ),
    "job_family": (
        "job family", "job title", "title", "position", "role", "job", "job profile",
        "business title", "job function", "function", "position title", "jobtitel",
        "stellenbezeichnung", "berufsbezeichnung", "funktion", "stelle", "jobfamilie", "rolle",
    ),
    "level": (
        "job level", "level", "grade", "job grade", "band", "career level", "pay grade",
        "management level", "seniority", "karrierestufe", "stufe", "ebene", "laufbahnstufe",
        "hierarchieebene", "entgeltstufe",
    ),
    "location": (
        "location", "office", "work location", "office location", "site", "city", "work site",
        "location name", "standort", "buro", "arbeitsort", "niederlassung", "dienstort",
    ),
    "time_zone": ("time zone", "timezone", "tz", "time zone name", "zeitzone"),
    "manager": (
        "manager email", "manager", "manager employee id", "manager id", "manager work email",
        "reports to", "reports to email", "supervisor", "supervisor email", "line manager",
        "direct manager", "manager e mail", "vorgesetzter", "vorgesetzte", "vorgesetzte r",
        "fuhrungskraft", "vorgesetzter e mail", "vorgesetzter personalnummer",
        "vorgesetzte r personalnummer", "vorgesetzte r e mail",
    ),
    "start_date": (
        "hire date", "start date", "date of joining", "joining date", "original hire date",
        "date hired", "employment start date", "seniority date", "eintrittsdatum", "eintritt",
        "beschaftigungsbeginn", "startdatum",
    ),
    "work_starts_at": (
        "work start", "working hours start", "work starts", "start time", "arbeitsbeginn",
    ),
    "work_ends_at": ("work end", "working hours end", "work ends", "end time", "arbeitsende"),
    "languages": ("languages", "language", "spoken languages", "sprachen", "sprache"),
    "development_interests": (
        "development interests", "interests", "learning interests", "development goals",
        "entwicklungsinteressen", "interessen",
    ),
}
# fmt: on
_EXACT = {synonym: name for name, synonyms in SYNONYMS.items() for synonym in synonyms}
DATE_ORDERS: dict[str, StrOrPromise] = {
    "dmy": gettext_lazy("day first (3 April)"),
    "mdy": gettext_lazy("month first (March 4)"),
}
# German and other local city names that are not the name in the time zone database.
CITY_ZONES = {
    "munchen": "Europe/Berlin",
    "munich": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "koln": "Europe/Berlin",
    "cologne": "Europe/Berlin",
    "dusseldorf": "Europe/Berlin",
    "stuttgart": "Europe/Berlin",
    "wien": "Europe/Vienna",
    "lissabon": "Europe/Lisbon",
    "mailand": "Europe/Rome",
    "milan": "Europe/Rome",
    "rom": "Europe/Rome",
    "prag": "Europe/Prague",
    "warschau": "Europe/Warsaw",
    "genf": "Europe/Zurich",
    "geneva": "Europe/Zurich",
    "basel": "Europe/Zurich",
    "bern": "Europe/Zurich",
    "kopenhagen": "Europe/Copenhagen",
    "brussel": "Europe/Brussels",
    "london": "Europe/London",
    "manchester": "Europe/London",
    "edinburgh": "Europe/London",
    "barcelona": "Europe/Madrid",
    "new york": "America/New_York",
    "boston": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "austin": "America/Chicago",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "peking": "Asia/Shanghai",
    "beijing": "Asia/Shanghai",
}


def normalise_header(text: str) -> str:
    """Case, accents and punctuation dropped: "E-Mail (geschäftlich)" -> "e mail geschaftlich"."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c)).replace("ß", "ss")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def known_header(text: str) -> bool:
    return normalise_header(text) in _EXACT


def headers_key(headers: Iterable[str]) -> str:
    """The same export layout gives the same key, whatever the case or order of its columns."""
    joined = "\x1f".join(sorted(normalise_header(h) for h in headers))
    return hashlib.sha256(joined.encode()).hexdigest()


def _score(field: str, header: str) -> float:
    normal = normalise_header(header)
    if not normal:
        return 0.0
    if _EXACT.get(normal) == field:
        return 1.0
    words = normal.split()
    best = 0.0
    for synonym in SYNONYMS[field]:
        wanted = synonym.split()
        # A synonym found as whole words inside the header ("Email (work)" holds "email").
        for start in range(len(words) - len(wanted) + 1):
            if words[start : start + len(wanted)] == wanted:
                best = max(best, 0.5 * len(wanted) / len(words))
    return best


def suggest_mapping(headers: list[str]) -> dict[str, str]:
    """The likeliest field for each header, each header and field used at most once."""
    candidates = sorted(
        (
            (-score, list(FIELDS).index(name), position, name, header)
            for position, header in enumerate(headers)
            for name in FIELDS
            if (score := _score(name, header)) > 0
        ),
    )
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for *_rank, name, header in candidates:
        if name in mapping or header in used:
            continue
        mapping[name] = header
        used.add(header)
    # "Name" beside "First name" and "Last name" is usually a display name or the last name;
    # the two parts are the safer source.
    if (
        "full_name" in mapping
        and "first_name" in mapping
        and "last_name" in mapping
        and (
            _score("full_name", mapping["full_name"]) < 1.0
            or normalise_header(mapping["full_name"]) in {"name", "employee", "worker"}
        )
    ):
        del mapping["full_name"]
    return mapping


def check_mapping(headers: list[str], mapping: Mapping[str, str]) -> dict[str, str]:
    """A usable mapping: known fields, headers from this file, a name and an email."""
    cleaned = {name: header for name, header in mapping.items() if header}
    unknown = sorted(set(cleaned) - set(FIELDS))
    if unknown:
        raise DomainError(
            _("Unknown fields in the mapping: %(fields)s.") % {"fields": ", ".join(unknown)},
            field="mapping",
        )
    missing = sorted({h for h in cleaned.values() if h not in headers})
    if missing:
        raise DomainError(
            _("The file has no column %(columns)s.")
            % {"columns": ", ".join(f"“{h}”" for h in missing)},
            field="mapping",
        )
    seen: dict[str, str] = {}
    for name, header in cleaned.items():
        if header in seen:
            raise DomainError(
                _("“%(column)s” is chosen for both %(field)s and %(other_field)s.")
                % {"column": header, "field": FIELDS[seen[header]], "other_field": FIELDS[name]},
                field=name,
            )
        seen[header] = name
    if "email" not in cleaned:
        raise DomainError(_("Choose the column with the work email."), field="email")
    has_parts = "first_name" in cleaned or "last_name" in cleaned
    if "full_name" not in cleaned and not has_parts:
        raise DomainError(
            _("Choose the column with the full name, or those with first and last name."),
            field="full_name",
        )
    return cleaned


def check_defaults(defaults: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    zone = str(defaults.get("time_zone") or "").strip()
    if zone:
        cleaned["time_zone"] = _zone(
            zone,
            _(
                "“%(value)s” for the default time zone is not a known time zone (use a name like "
                "Europe/Berlin)."
            ),
        )
    by_location = defaults.get("time_zone_by_location") or {}
    if not isinstance(by_location, Mapping):
        raise DomainError(_("time_zone_by_location must map office names to time zones."))
    zones = {}
    for location, value in by_location.items():
        if str(value or "").strip():
            zones[str(location)] = _zone(
                str(value).strip(),
                _(
                    "“%(value)s” for “%(office)s” is not a known time zone (use a name like "
                    "Europe/Berlin)."
                ),
                office=str(location),
            )
    if zones:
        cleaned["time_zone_by_location"] = zones
    order = defaults.get("date_order") or "dmy"
    if order not in DATE_ORDERS:
        raise DomainError(_("date_order is “dmy” or “mdy”."), field="date_order")
    cleaned["date_order"] = order
    return cleaned


def _zone(value: str, message: str, **params: str) -> str:
    """The canonical zone; ``message`` (with ``%(value)s``) says why one is not known."""
    zone = canonical_time_zone(value)
    if zone is None:
        raise DomainError(message % {"value": value, **params}, field="time_zone")
    return zone


_ZONES_BY_FOLDED: dict[str, str] = {}


def canonical_time_zone(value: str) -> str | None:
    """The IANA name for a zone spelled in any case ("europe/berlin" -> "Europe/Berlin")."""
    if not _ZONES_BY_FOLDED:
        _ZONES_BY_FOLDED.update({z.casefold(): z for z in zoneinfo.available_timezones()})
    return _ZONES_BY_FOLDED.get(value.strip().casefold())


def suggest_time_zone(location: str) -> str:
    """A zone for an office named like a city in the zone database or a well-known one."""
    normal = normalise_header(location)
    if normal in CITY_ZONES:
        return CITY_ZONES[normal]
    if not _ZONES_BY_FOLDED:
        canonical_time_zone("UTC")
    wanted = normal.replace(" ", "_")
    for zone in sorted(_ZONES_BY_FOLDED.values()):
        city = zone.rsplit("/", 1)[-1].casefold()
        if "/" in zone and city == wanted and not zone.startswith(("Etc/", "SystemV/")):
            return zone
    return ""


def needs_mapping_step(mapping: Mapping[str, str], defaults: Mapping[str, Any]) -> list[str]:
    """Why an admin must look at the mapping before a preview; empty when it can go on."""
    reasons = []
    if "email" not in mapping:
        reasons.append(_("No column was recognised as the work email."))
    if "full_name" not in mapping and not ("first_name" in mapping or "last_name" in mapping):
        reasons.append(_("No column was recognised as the name."))
    if "time_zone" not in mapping and not (
        defaults.get("time_zone") or defaults.get("time_zone_by_location")
    ):
        reasons.append(_("The file has no time zone column: give each office its time zone."))
    return reasons

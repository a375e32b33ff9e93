"""Dates, times and numbers in each language's own way."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from circles.languages import formats

MOMENT = dt.datetime(2026, 12, 4, 15, 30, tzinfo=dt.UTC)


def render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "date", "time"),
    [
        ("en", "4 Dec 2026", "15:30"),
        ("de", "04.12.2026", "15:30"),
        ("es", "4 dic 2026", "15:30"),
        ("fr", "4 déc. 2026", "15:30"),
        ("ar", "04\u200f/12\u200f/2026", "3:30 م"),
    ],
)
def test_each_language_orders_the_date_and_picks_its_clock(
    language: str, date: str, time: str
) -> None:
    assert render("{{ m|local_date }}", language, m=MOMENT) == date
    assert render("{{ m|local_time }}", language, m=MOMENT) == time


def test_twelve_hour_clocks_where_the_locale_uses_them() -> None:
    assert not formats.uses_12_hour_clock(formats._locale("en"))
    assert formats.uses_12_hour_clock(formats._locale("en-us"))
    assert formats.uses_12_hour_clock(formats._locale("ar"))
    assert not formats.uses_12_hour_clock(formats._locale("fr"))


def test_a_date_and_time_are_joined_the_locales_way() -> None:
    assert render("{{ m|local_datetime }}", "en", m=MOMENT) == "4 Dec 2026, 15:30"
    assert render("{{ m|local_datetime }}", "de", m=MOMENT) == "4. Dez. 2026, 15:30"
    assert render('{{ m|local_datetime:"MMMEdjm" }}', "fr", m=MOMENT) == "ven. 4 déc., 15:30"


def test_times_are_shown_in_the_active_time_zone() -> None:
    with timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
        assert render("{{ m|local_datetime }}", "en", m=MOMENT) == "5 Dec 2026, 00:30"
        # A date on its own is never moved by the zone.
        assert render("{{ d|local_date }}", "en", d=dt.date(2026, 12, 4)) == "4 Dec 2026"


def test_numbers_and_percentages_use_the_locales_separators() -> None:
    assert render("{{ n|local_number:1 }} {{ p|local_percent }}", "en", n=1234.5, p=40) == (
        "1,234.5 40%"
    )
    assert render("{{ n|local_number:1 }} {{ p|local_percent }}", "de", n=1234.5, p=40) == (
        "1.234,5 40\xa0%"
    )
    assert render("{{ n|local_number }}", "fr", n=1234) == "1\u202f234"


def test_the_week_starts_on_the_locales_first_day() -> None:
    assert formats.first_weekday(formats._locale("de")) == 0
    assert formats.first_weekday(formats._locale("en-us")) == 6


def test_empty_values_show_nothing() -> None:
    assert render("{{ v|local_date }}{{ v|local_time }}{{ v|local_percent }}", "de", v=None) == ""


@given(
    moment=st.datetimes(
        min_value=dt.datetime(1990, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.just(dt.UTC),
    ),
    language=st.sampled_from(["en", "de", "es", "fr", "ar"]),
    skeleton=st.sampled_from(["yMMMdjm", "MMMdjm", "EEEjm", "yMMMEdjm", "jms", "yMMM"]),
)
def test_every_skeleton_formats_every_moment_in_every_language(
    moment: dt.datetime, language: str, skeleton: str
) -> None:
    with translation.override(language):
        text = formats.format_local_datetime(moment, skeleton)
    assert text
    assert "{" not in text
    if "y" in skeleton:
        assert str(moment.year) in text


def test_halves_round_up_as_on_the_old_pages() -> None:
    assert render("{{ n|local_number:1 }} {{ p|local_percent }}", "en", n=3.25, p=12.5) == (
        "3.3 13%"
    )


def test_full_names_of_days_and_months_when_the_skeleton_asks() -> None:
    assert render('{{ m|local_datetime:"EEEEjm" }}', "en", m=MOMENT) == "Friday, 15:30"
    assert render('{{ m|local_date:"MMMMEEEEd" }}', "de", m=MOMENT) == "Freitag, 4. Dezember"
    assert render('{{ m|local_date:"MMMd" }}', "fr", m=MOMENT) == "4 déc."


def test_what_is_not_a_number_is_shown_as_it_is() -> None:
    assert render("{{ v|local_number:1 }}|{{ v|local_percent }}", "de", v="n/a") == "n/a|n/a"
    assert render("{{ v|local_number }}", "de", v=float("nan")) == "nan"


def test_the_week_is_listed_from_the_locales_first_day_in_its_own_words() -> None:
    with translation.override("de"):
        days = formats.weekdays_in_locale_order()
    assert days[0] == (0, "Montag")
    assert [number for number, _name in days] == [0, 1, 2, 3, 4, 5, 6]
    with translation.override("ar"):
        first = formats.weekdays_in_locale_order()[0]
    assert first[0] == formats.first_weekday(formats._locale("ar"))


def test_a_remembered_text_is_never_shown_for_another_zone_or_another_language() -> None:
    tokyo = MOMENT.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert tokyo == MOMENT  # the same instant: equal datetimes, different wall clocks
    with translation.override("en"):
        assert formats.format_local_time(MOMENT) == "15:30"
        with timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
            assert formats.format_local_time(tokyo) == "00:30"
            assert formats.format_local_datetime(MOMENT) == "5 Dec 2026, 00:30"
        assert formats.format_local_percent(40) == "40%"
    with translation.override("de"):
        assert formats.format_local_percent(40) == "40\xa0%"
        assert formats.format_local_time(MOMENT) == "15:30"
    with translation.override("en"):
        assert formats.format_local_number(83) == "83"
        assert formats.format_local_number(83.25, 1) == "83.3"
        assert formats.format_local_number("83.0") == formats.format_local_number(
            formats.Decimal("83.0")
        )

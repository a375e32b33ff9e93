"""`circles import_people --organisation SLUG FILE`: bring people in from an HR export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from circles.audit.context import Actor, acting_as
from circles.lib.errors import DomainError
from circles.orgs.importing import services
from circles.orgs.importing.mapping import FIELDS
from circles.orgs.models import Organisation, PeopleImport

Status = PeopleImport.Status


class Command(BaseCommand):
    help = (
        "Import people from an HR system's CSV or XLSX export. Nothing is applied when any row "
        "is bad; every bad row is listed with its row number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV or XLSX export.")
        parser.add_argument("--organisation", required=True, help="The organisation's slug.")
        parser.add_argument(
            "--mapping",
            type=Path,
            help='JSON: {"mapping": {field: header}, "time_zone_by_location": {office: zone}, '
            '"time_zone": zone, "date_order": "dmy"|"mdy"}; remembered for this layout.',
        )
        parser.add_argument(
            "--full-sync",
            action="store_true",
            help="Deactivate active people who are missing from the file.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and show the outcome; change nothing."
        )
        parser.add_argument("--encoding", help="The CSV's encoding, when detection is wrong.")

    def handle(self, *args: Any, **options: Any) -> None:
        # Whatever this command changes is recorded in the audit log as the command line's.
        with acting_as(Actor.command_line("import_people")):
            self._handle(**options)

    def _handle(self, **options: Any) -> None:
        console = Console(stderr=False)
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug “{options['organisation']}”.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            people_import = services.import_upload(
                organisation=organisation,
                uploaded_by=None,
                filename=path.name,
                content=path.read_bytes(),
                full_sync=options["full_sync"],
                encoding=options["encoding"],
            )
            if options["mapping"] is not None:
                mapping, defaults = _read_mapping(options["mapping"])
                people_import = services.import_set_mapping(
                    people_import=people_import,
                    mapping=mapping,
                    defaults=defaults,
                    remember=not options["dry_run"],
                )
        except DomainError as error:
            raise CommandError(error.message) from error
        if people_import.status == Status.NEEDS_MAPPING:
            self._explain_mapping(console, people_import)
            raise CommandError("This file needs a column mapping: pass --mapping FILE.json.")
        with _bar(console) as bar:
            task = bar.add_task(f"Checking {people_import.row_count:,} rows", total=1.0)
            people_import = services.import_preview(
                people_import=people_import,
                progress=lambda fraction, phase: bar.update(
                    task, completed=fraction, description=phase
                ),
            )
            bar.update(task, completed=1.0)
        if people_import.status == Status.FAILED:
            raise CommandError(people_import.message)
        if people_import.status == Status.INVALID:
            self._print_errors(console, people_import)
            count = people_import.summary.get("errors", 0)
            raise CommandError(f"{count} error(s): nothing was imported.")
        if options["dry_run"]:
            self._print_counts(console, people_import, "Would be")
            console.print(f"Dry run: nothing changed (import #{people_import.pk}).")
            return
        try:
            people_import = services.import_request_apply(people_import=people_import)
        except DomainError as error:
            raise CommandError(error.message) from error
        with _bar(console) as bar:
            task = bar.add_task("Applying", total=1.0)
            people_import = services.import_apply(
                people_import=people_import,
                progress=lambda fraction, phase: bar.update(
                    task, completed=fraction, description=phase
                ),
            )
            bar.update(task, completed=1.0)
        if people_import.status == Status.INVALID:
            self._print_errors(console, people_import)
            raise CommandError(people_import.message or "Nothing was imported.")
        if people_import.status != Status.APPLIED:
            raise CommandError(people_import.message or "Nothing was imported.")
        self._print_counts(console, people_import, "")

    def _print_counts(self, console: Console, people_import: PeopleImport, prefix: str) -> None:
        summary = people_import.summary
        for key in ("created", "updated", "unchanged", "deactivated"):
            label = f"{prefix} {key}".strip().capitalize()
            # Plain lines ("Created: 12") so that scripts can read them.
            self.stdout.write(f"{label}: {summary.get(key, 0)}")

    def _print_errors(self, console: Console, people_import: PeopleImport) -> None:
        table = Table(title=f"Errors in {people_import.filename}")
        table.add_column("Row", justify="right")
        table.add_column("Column")
        table.add_column("Reason")
        for error in people_import.row_errors.all().iterator(chunk_size=2000):
            table.add_row(str(error.row_number or "file"), error.column, error.reason)
        console.print(table)

    def _explain_mapping(self, console: Console, people_import: PeopleImport) -> None:
        for reason in people_import.summary.get("needs", []):
            console.print(f"[yellow]{reason}[/yellow]")
        example: dict[str, Any] = {"mapping": people_import.mapping}
        if "time_zone" not in people_import.mapping:
            table = services.import_table(people_import)
            from circles.orgs.importing.mapping import suggest_time_zone

            example["time_zone_by_location"] = {
                office: suggest_time_zone(office) or "Area/City"
                for office in services.locations_without_zone(table, people_import.mapping)
            }
            if not example["time_zone_by_location"]:
                example["time_zone"] = "Europe/Berlin"
        console.print("Headers in the file: " + ", ".join(people_import.headers))
        console.print("Fields: " + ", ".join(FIELDS))
        console.print("A mapping file to start from (check it, then pass it with --mapping):")
        self.stdout.write(json.dumps(example, indent=2, ensure_ascii=False))


def _read_mapping(path: Path) -> tuple[dict[str, str], dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DomainError(f"The mapping file could not be read: {error}.") from error
    if not isinstance(data, dict):
        raise DomainError("The mapping file holds a JSON object.")
    if "mapping" in data:
        mapping = data["mapping"]
        defaults = {k: v for k, v in data.items() if k != "mapping"}
    else:
        mapping, defaults = data, {}
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise DomainError('"mapping" maps field names to the file\'s headers.')
    return mapping, defaults


def _bar(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )

"""`circles form --programme ID`: form a programme's circles from the command line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from circles.formation import services
from circles.formation.models import FormationRun
from circles.lib.errors import DomainError
from circles.orgs.models import Person, Programme


class Command(BaseCommand):
    help = "Form diverse circles for a programme; --dry-run prints the proposal only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", type=int, required=True, help="Programme id.")
        parser.add_argument("--seconds", type=int, default=None, help="Search time.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the proposal without publishing it."
        )
        parser.add_argument(
            "--exclude-current-members",
            action="store_true",
            help="Leave out people already in a circle of this programme.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console()
        programme = Programme.objects.filter(pk=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme with id {options['programme']}.")
        choices: dict[str, Any] = {"seed": options["seed"]}
        if options["seconds"] is not None:
            choices["seconds"] = options["seconds"]
        try:
            run = services.formation_start(
                programme=programme,
                started_by=None,
                people=services.participants(
                    programme, exclude_current_members=options["exclude_current_members"]
                ),
                options=choices,
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            task = bar.add_task(f"Forming {len(run.participant_ids)} people", total=1.0)
            run = services.formation_execute(
                run=run, progress=lambda fraction, _msg: bar.update(task, completed=fraction)
            )
            bar.update(task, completed=1.0)
        if run.status == FormationRun.Status.FAILED:
            raise CommandError(run.message)
        self._print(console, run)
        if options["dry_run"]:
            console.print(f"Dry run: nothing published (proposal #{run.pk} kept for review).")
            return
        try:
            circles = services.formation_publish(run=run, published_by=None)
        except DomainError as error:
            raise CommandError(error.message) from error
        console.print(f"[green]{len(circles)} circles published.[/green]")

    def _print(self, console: Console, run: FormationRun) -> None:
        figures = run.figures
        console.print(
            f"{figures['people']} people in {figures['circles']} circles of "
            f"{figures['smallest']} to {figures['largest']}, {figures['warnings']} warning(s)."
        )
        names = (
            dict(
                Person.objects.filter(organisation_id=run.organisation_id).values_list(
                    "pk", "full_name"
                )
            )
            if len(run.participant_ids) <= 5000
            else {}
        )
        table = Table(title="Proposal")
        table.add_column("Circle", justify="right")
        table.add_column("Members")
        table.add_column("Departments", justify="right")
        table.add_column("Locations", justify="right")
        table.add_column("Warnings")
        for number, (group, group_figures) in enumerate(
            zip(run.groups, figures["groups"], strict=True), start=1
        ):
            if number > 200:
                console.print(f"… and {len(run.groups) - 200} more circles.")
                break
            table.add_row(
                str(number),
                ", ".join(names.get(pid, str(pid)) for pid in group),
                str(group_figures["distinct"].get("department", "")),
                str(group_figures["distinct"].get("location", "")),
                "; ".join(group_figures["warnings"]),
            )
        console.print(table)
        for problem in figures.get("hard_problems", []):
            console.print(f"[red]{problem}[/red]")

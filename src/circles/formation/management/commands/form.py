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


def parse_quota(text: str) -> dict[str, Any]:
    """``location:min=1,share=0.1`` or ``department=Sales,Legal:max=2`` as a stored quota."""
    head, _, rest = text.partition(":")
    attribute, _, values = head.partition("=")
    quota: dict[str, Any] = {"attribute": attribute.strip()}
    if values:
        quota["values"] = [v.strip() for v in values.split(",") if v.strip()]
    keys = {"min": "at_least", "max": "at_most", "share": "min_share", "stratify": "tolerance"}
    for item in filter(None, (part.strip() for part in rest.split(","))):
        key, _, number = item.partition("=")
        if key not in keys:
            raise CommandError(
                f"Unknown quota key {key!r} in {text!r}: use min, max, share or stratify."
            )
        try:
            value = float(number)
        except ValueError as error:
            raise CommandError(f"Quota {text!r}: {key} needs a number.") from error
        if key == "stratify":
            quota["proportional"] = True
            quota["tolerance"] = value
        elif key == "share":
            quota["min_share"] = value
        else:
            if not value.is_integer():
                raise CommandError(f"Quota {text!r}: {key} needs a whole number.")
            quota[keys[key]] = int(value)
    return quota


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
        parser.add_argument(
            "--enrolled",
            action="store_true",
            help="Only the people who enrolled in the programme.",
        )
        parser.add_argument(
            "--quota",
            action="append",
            default=[],
            metavar="RULE",
            help=(
                "A hard quota per circle, repeatable: ATTRIBUTE[=VALUE,...]:KEY=N,... with keys "
                "min, max, share (0-1: only values held by that share) and stratify (±N), e.g. "
                "location:min=1,share=0.1  department:max=2  location:stratify=1."
            ),
        )
        parser.add_argument(
            "--skip-level-apart",
            action="store_true",
            help="Keep people apart from their manager's manager.",
        )
        parser.add_argument(
            "--peers-apart", action="store_true", help="Keep people with the same manager apart."
        )
        parser.add_argument(
            "--max-zone-hours",
            type=float,
            default=None,
            help="Largest time-zone difference inside a circle (hours).",
        )
        parser.add_argument(
            "--balance", action="store_true", help="Even out the mix between circles."
        )
        parser.add_argument(
            "--waiting-list",
            action="store_true",
            help="Propose a waiting list when the rules cannot place everyone.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console()
        programme = Programme.objects.filter(pk=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme with id {options['programme']}.")
        choices: dict[str, Any] = {
            "seed": options["seed"],
            "skip_level_apart": options["skip_level_apart"],
            "peers_apart": options["peers_apart"],
            "max_zone_hours": options["max_zone_hours"],
            "balance": options["balance"],
            "waiting_list": options["waiting_list"],
            "quotas": [parse_quota(text) for text in options["quota"]],
        }
        if options["seconds"] is not None:
            choices["seconds"] = options["seconds"]
        try:
            run = services.formation_start(
                programme=programme,
                started_by=None,
                people=services.participants(
                    programme,
                    exclude_current_members=options["exclude_current_members"],
                    enrolled_only=options["enrolled"],
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
        for rule in figures.get("rules", []):
            state = "[green]holds[/green]" if rule["holds"] else "[red]broken[/red]"
            console.print(f"{rule['rule']}: {state}", soft_wrap=True)
        balance = figures.get("balance") or {}
        if balance:
            console.print(
                f"Mix per circle from {balance['lowest']:.0%} to {balance['highest']:.0%} of pairs "
                f"who differ (gap {balance['gap']:.0%}).",
                soft_wrap=True,
            )
        for entry in figures.get("waiting", []):
            console.print(f"Waiting list: {entry['name']}: {entry['reason']}", soft_wrap=True)
        for problem in figures.get("hard_problems", []):
            console.print(f"[red]{problem}[/red]")

"""`circles demo`: load the demo organisation (once) and print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.table import Table

from circles.demo import DEMO_LOGINS, DEMO_PASSWORD, create_demo, demo_exists
from circles.orgs.models import Organisation


class Command(BaseCommand):
    help = "Create a realistic demo organisation (if missing) and print its logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=7, help="Random seed for the demo data.")
        parser.add_argument(
            "--quiet", action="store_true", help="Create the data without printing the logins."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only create the demo when the database holds no organisation yet.",
        )

    def handle(self, *args: Any, seed: int, quiet: bool, if_empty: bool, **options: Any) -> None:
        console = Console()
        if if_empty and not demo_exists() and Organisation.objects.exists():
            console.print("The database already holds organisations: no demo data added.")
            return
        if demo_exists():
            if not quiet:
                console.print("Demo organisation already present.")
        else:
            with console.status("Creating the demo organisation…"):
                create_demo(seed=seed)
            if not quiet:
                console.print("[green]Demo organisation created.[/green]")
        if quiet:
            return
        table = Table(title=f"Demo logins (password: {DEMO_PASSWORD})")
        table.add_column("Role")
        table.add_column("Email")
        table.add_column("Name")
        for login in DEMO_LOGINS:
            table.add_row(login.role, login.email, login.name)
        console.print(table)

"""`circles demo`: load the demo organisation (once) and print the demo logins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from circles.demo import DEMO_LOGINS, DEMO_PASSWORD, create_demo, demo_exists, reset_demo
from circles.notify.mailbox import BACKEND as MAILBOX
from circles.notify.mailbox import mailbox_folder
from circles.orgs.models import Organisation


def logins_panel(url: str) -> Panel:
    """The demo logins, every address whole however narrow the terminal."""
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("Sign in as", overflow="fold")
    widest = max(len(login.email) for login in DEMO_LOGINS)
    table.add_column("Email", no_wrap=True, min_width=widest, style="bold cyan")
    for login in DEMO_LOGINS:
        table.add_row(f"{login.role} ({login.name})", login.email)
    return Panel(
        table,
        title=f"Demo logins: open {url} (password [bold]{DEMO_PASSWORD}[/bold])",
        title_align="left",
        expand=False,
    )


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
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo organisation (and the local mailbox) and create it anew.",
        )
        parser.add_argument(
            "--logins",
            action="store_true",
            help="Only print the logins (./dev serve does, once the server answers).",
        )

    def handle(
        self,
        *args: Any,
        seed: int,
        quiet: bool,
        if_empty: bool,
        logins: bool,
        reset: bool,
        **options: Any,
    ) -> None:
        console = Console()
        if reset:
            with console.status("Resetting the demo organisation…"):
                reset_demo(seed=seed)
                cleared = _clear_mailbox()
            console.print(
                "[green]Demo organisation reset.[/green]"
                + (f" {cleared} saved emails removed." if cleared else "")
            )
            if not quiet:
                console.print(logins_panel(settings.SITE_URL))
            return
        if logins:
            if demo_exists():
                console.print(logins_panel(settings.SITE_URL))
            return
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
        if not quiet:
            console.print(logins_panel(settings.SITE_URL))


def _clear_mailbox() -> int:
    """Saved emails of the development mailbox, when it is the one in use."""
    if settings.EMAIL_BACKEND != MAILBOX:
        return 0
    files = list(mailbox_folder().glob("*.eml"))
    for path in files:
        path.unlink(missing_ok=True)
    return len(files)

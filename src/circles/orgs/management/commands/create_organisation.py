"""`circles create_organisation`: a real deployment's first organisation and its first admin."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rich.console import Console

from circles.audit.context import Actor, acting_as
from circles.lib.errors import DomainError
from circles.orgs.invitations.emails import invitation_email, invitation_link
from circles.orgs.invitations.services import invitation_send
from circles.orgs.models import Role
from circles.orgs.people.services import person_create
from circles.orgs.services import organisation_create


def email_configured() -> bool:
    return "console" not in settings.EMAIL_BACKEND and "locmem" not in settings.EMAIL_BACKEND


class Command(BaseCommand):
    help = (
        "Create an organisation and its first organisation admin, and print a one-time link "
        "for the admin to choose a password (emailed too when EMAIL_URL is set)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="The organisation's name, e.g. Acme.")
        parser.add_argument("--slug", help="Short name used on the command line, e.g. acme.")
        parser.add_argument("--admin-email", required=True, help="The first admin's work email.")
        parser.add_argument("--admin-name", help="The first admin's full name.")
        parser.add_argument(
            "--time-zone", default="UTC", help="The admin's time zone, e.g. Europe/Berlin."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Whatever this command changes is recorded in the audit log as the command line's.
        with acting_as(Actor.command_line("create_organisation")):
            self._handle(**options)

    def _handle(self, **options: Any) -> None:
        console = Console()
        email = options["admin_email"].strip().lower()
        name = options["admin_name"] or email.split("@", 1)[0].replace(".", " ").title()
        try:
            with transaction.atomic():
                organisation = organisation_create(name=options["name"], slug=options["slug"])
                admin = person_create(
                    organisation=organisation,
                    full_name=name,
                    email=email,
                    role=Role.ADMIN,
                    time_zone=options["time_zone"],
                )
                invitation_send(person=admin, invited_by=None, deliver=False)
                admin.refresh_from_db()
                link = invitation_link(admin)
        except DomainError as error:
            raise CommandError(error.message) from error
        console.print(f"Created [bold]{organisation.name}[/] (slug [bold]{organisation.slug}[/]).")
        console.print(f"Its first admin is [bold]{admin.email}[/]. They choose a password here:")
        # Printed plainly, on one line, so it can be copied from any terminal.
        self.stdout.write(link)
        days = settings.CIRCLES_INVITATION_DAYS
        console.print(f"The link works once, for {days} days. ", end="")
        if email_configured():
            invitation = admin.invitation
            invitation_email(invitation).send()
            console.print(f"It was also emailed to {admin.email}.")
        else:
            console.print("Set EMAIL_URL to have it emailed as well.")

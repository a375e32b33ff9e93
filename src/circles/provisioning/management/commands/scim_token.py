"""`circles scim_token`: make, list and revoke an organisation's SCIM bearer tokens."""

from __future__ import annotations

from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from circles.audit.context import Actor, acting_as
from circles.lib.errors import DomainError
from circles.orgs.models import Organisation
from circles.provisioning.tokens import scim_token_create, scim_token_revoke, scim_tokens


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "never"


class Command(BaseCommand):
    help = (
        "Make a SCIM bearer token for an organisation's identity provider (printed once), "
        "list its tokens with --list, or stop one with --revoke PREFIX."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's slug.")
        parser.add_argument("--description", default="", help="What the token is for.")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--list", action="store_true", help="List tokens and their last use.")
        action.add_argument("--revoke", metavar="PREFIX", help="Revoke the token with this prefix.")

    def handle(self, *args: Any, **options: Any) -> None:
        # Whatever this command changes is recorded in the audit log as the command line's.
        with acting_as(Actor.command_line("scim_token")):
            self._handle(**options)

    def _handle(self, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), highlight=False)
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['organisation']!r}.")
        if options["list"]:
            self._list(console, organisation)
        elif options["revoke"]:
            try:
                token = scim_token_revoke(organisation=organisation, prefix=options["revoke"])
            except DomainError as error:
                raise CommandError(error.message) from error
            console.print(f"Revoked {token.prefix}…: it stops working at once.")
        else:
            token, secret = scim_token_create(
                organisation=organisation, description=options["description"]
            )
            console.print(f"A SCIM token for {organisation.name} (prefix {token.prefix}).")
            console.print("Copy it now: it is shown only this once.")
            # Printed plainly, on its own line, so it can be copied from any terminal.
            self.stdout.write(secret)

    def _list(self, console: Console, organisation: Organisation) -> None:
        tokens = list(scim_tokens(organisation=organisation))
        if not tokens:
            console.print(f"{organisation.name} has no SCIM tokens.")
            return
        table = Table(title=f"SCIM tokens of {organisation.name}")
        for column in ("Prefix", "Description", "Created", "Last used", "State"):
            table.add_column(column)
        for token in tokens:
            state = f"revoked {_when(token.revoked_at)}" if token.revoked_at else "active"
            table.add_row(
                f"{token.prefix}…",
                token.description,
                _when(token.created_at),
                _when(token.last_used_at),
                state,
            )
        console.print(table)

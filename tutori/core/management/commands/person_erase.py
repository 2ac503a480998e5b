"""Erase one person as every app declares: their identity goes, others' data stays."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tutori.core.personal_data import person_erase


class Command(BaseCommand):
    help = "Erase one person (by e-mail address); asks for confirmation unless --yes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="do not ask")

    def handle(self, *args: Any, **options: Any) -> None:
        people = get_user_model().objects
        person = people.filter(email=people.normalize_email(options["email"])).first()
        if person is None:
            raise CommandError("No person with that e-mail address.")
        if not options["yes"]:
            answer = input(f"Erase person #{person.pk}? This cannot be undone. [y/N] ")
            if answer.strip().lower() not in {"y", "yes", "k", "kyllä"}:
                raise CommandError("Nothing was erased.")
        touched = person_erase(person=person)
        for label, count in sorted(touched.items()):
            self.stdout.write(f"{label}: {count}")

"""Print one person's data, as every app declares it, as JSON (a subject access request)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tutori.core.personal_data import person_export


class Command(BaseCommand):
    help = "Export one person's data (by e-mail address) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        people = get_user_model().objects
        person = people.filter(email=people.normalize_email(options["email"])).first()
        if person is None:
            raise CommandError("No person with that e-mail address.")
        data = person_export(person=person)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))

"""`tutori worker`: run the background task queue (django-tasks-db's worker, same options)."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class Command(DatabaseWorkerCommand):
    help = (
        "Run the task queue: send mail, run periodic jobs' tasks. --batch drains the queue "
        "and exits (for cron); otherwise it polls every --interval seconds until stopped."
    )

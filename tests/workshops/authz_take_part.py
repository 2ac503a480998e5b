"""Authorization-matrix rows of taking part (W2).

Koulu A's teacher (``member``) joined Oulu's open workshop with their account. The join
pages are for everyone (a joiner without an account too); the one who joined is sent from
the QR code's page straight to the workshop. The participant's pages are the participant's
alone: nobody else finds them — not the facilitators, who take part by joining too — and an
anonymous visitor is sent to the join page. Posting an idea and voting take POST only.
"""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World
from tests.workshops.take_part_setup import (
    first_question,
    joined_workshop,
    member_idea,
    voting_theme,
)


def code(w: World) -> dict[str, Any]:
    return {"code": joined_workshop(w).join_code}


def workshop(w: World) -> dict[str, Any]:
    return {"pk": joined_workshop(w).pk}


def question(w: World) -> dict[str, Any]:
    return {"pk": first_question(joined_workshop(w)).pk}


def idea(w: World) -> dict[str, Any]:
    return {"pk": member_idea(w, joined_workshop(w)).pk}


def theme(w: World) -> dict[str, Any]:
    return {"pk": voting_theme(w, joined_workshop(w)).pk}


PARTICIPANT = {"member": 200}

ROWS = {
    "workshops:join": Row(200),
    "workshops:join_code": Row(200, kwargs=code, expect={"member": 302}),
    "workshops:take_part": Row(404, kwargs=workshop, expect={**PARTICIPANT, "anonymous": 302}),
    "workshops:take_part_live": Row(404, kwargs=question, expect=PARTICIPANT),
    "workshops:idea_post": Row(405, kwargs=question),
    "workshops:idea_delete": Row(404, kwargs=idea, expect=PARTICIPANT),
    "workshops:vote_cast": Row(405, kwargs=theme),
    "workshops:vote_take_back": Row(405, kwargs=theme),
}

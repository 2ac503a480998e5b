"""Authorization-matrix rows of the review part's pages.

The coordinator's or trainer's record of a participant's goals: Oulu's published programme
under way (tests/programmes/participation_setup.py), trained by Koulu A's tutor, with Koulu
A's teacher (``member``) enrolled. As on the trainer's view of a participant, the principal
and the teacher themselves see the participation but not this page (the teacher writes their
goals on their own page).
"""

from __future__ import annotations

from tests.authz import Row
from tests.programmes.authz_participation import TRAINERS, members_participation

ROWS = {
    "programmes:participant_goals": Row(
        404,
        kwargs=members_participation,
        expect={**TRAINERS, "manager": 403, "member": 403},
    ),
}

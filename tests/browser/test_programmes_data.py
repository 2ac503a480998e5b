"""Part E (data), in a browser: the coordinator sends a feedback survey to a programme's
cohort (issue 13's audience); the cohort's people get the survey, the audience page passes
axe and fits a 360 px phone."""

from __future__ import annotations

from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import check_a11y
from tests.browser.test_small_screens import OVERFLOW, PHONE
from tests.factories import UserFactory
from tests.programmes.factories import ParticipantFactory, ProgrammeFactory
from tests.surveys.sending import ready_survey
from tutori.core.scoping import scopes_disabled
from tutori.programmes.models import Participant


def test_a_coordinator_sends_a_survey_to_a_programme_cohort(live_server, login, world):
    programme = ProgrammeFactory(
        organisation=world.oulu, name="Työvalmentajakoulutus", published=True
    )
    with scopes_disabled():
        for n in range(3):
            ParticipantFactory(
                programme=programme,
                person=UserFactory(email=f"valmentaja{n}@example.fi"),
                organisation=world.school_a,
                status=Participant.Status.COMPLETED if n else Participant.Status.ENROLLED,
            )
    survey = ready_survey(world, title="Palaute työvalmentajakoulutuksesta")
    page = login(world.coordinator)
    page.goto(f"{live_server.url}/surveys/{survey.pk}/send/audience/")
    cohort = page.get_by_role("group", name="Koulutusten osallistujat")
    expect(cohort).to_be_visible()
    check_a11y(page)
    page.set_viewport_size(PHONE)
    assert page.evaluate(OVERFLOW) is None
    page.set_viewport_size({"width": 1280, "height": 900})
    # the cohort alone (the survey's organisation is unchosen)
    page.get_by_label("Koulu A").uncheck()
    cohort.get_by_label("Työvalmentajakoulutus", exact=False).check()
    page.get_by_role("button", name="Tallenna vastaanottajat").click()
    expect(page.get_by_text("Koulutusten osallistujat: 3 osoitetta")).to_be_visible()
    check_a11y(page)
    page.get_by_role("button", name="Lähetä kysely").click()
    expect(page.get_by_text("Lähetetty 3 vastaanottajalle.")).to_be_visible(timeout=10_000)
    sent = {address for message in mail.outbox for address in message.to}
    assert {f"valmentaja{n}@example.fi" for n in range(3)} <= sent

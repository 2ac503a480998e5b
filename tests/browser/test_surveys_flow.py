"""The whole survey flow as its people do it, in one browser test: the coordinator builds a
survey with a scale, a single choice and a free text, chooses its audience and sends it;
a teacher answers through the personal link from the mail on a 360 px phone; once five
have answered, the coordinator reads the chart and its table. Axe on every page."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import check_a11y
from tests.browser.test_small_screens import OVERFLOW, PHONE
from tests.factories import MembershipFactory, UserFactory
from tests.surveys.sending import links
from tutori.surveys.forms.answer import AnswerForm, field_name
from tutori.surveys.models import Question, Survey
from tutori.surveys.services.respond import recipient_for_token, response_save

TITLE = "Tutoroinnin tarpeet kevät"


def _build(page: Page, live_server) -> Survey:
    page.goto(f"{live_server.url}/surveys/")
    page.get_by_role("link", name="Uusi kysely").click()
    check_a11y(page)
    page.get_by_role("combobox", name="Organisaatio").select_option(label="Oulu")
    page.get_by_role("textbox", name="Nimi", exact=True).fill(TITLE)
    closes = timezone.localdate() + timedelta(days=10)
    page.get_by_label("Sulkeutuu").fill(closes.isoformat())
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    page.get_by_role("link", name="Lisää kysymys", exact=True).click()
    page.get_by_role("combobox", name="Tyyppi").select_option(label="asteikko")
    page.get_by_role("textbox", name="Kysymys", exact=True).fill("Osaan käyttää Wilmaa")
    page.get_by_label("Vastaus on pakollinen").check()
    page.get_by_role("button", name="Tallenna ja lisää seuraava").click()
    expect(page.get_by_text("Kysymys lisätty.")).to_be_visible()
    page.get_by_role("combobox", name="Tyyppi").select_option(label="yksi vaihtoehto")
    page.get_by_role("textbox", name="Kysymys", exact=True).fill("Tarvitsetko tutoria?")
    page.get_by_label("Vaihtoehdot (yksi tai monta vaihtoehtoa)").fill("kyllä\nei")
    page.get_by_role("button", name="Tallenna ja lisää seuraava").click()
    page.get_by_role("combobox", name="Tyyppi").select_option(label="vapaa teksti")
    page.get_by_role("textbox", name="Kysymys", exact=True).fill("Mitä muuta toivot?")
    page.get_by_role("button", name="Tallenna", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_a11y(page)
    return Survey._default_manager.get(title=TITLE)


def _send(page: Page) -> None:
    page.get_by_role("link", name="Vastaanottajat, lähetys ja muistutukset").click()
    check_a11y(page)
    page.get_by_role("link", name="Muuta vastaanottajia").click()
    page.get_by_label("Koulu A").check()
    page.get_by_role("button", name="Tallenna vastaanottajat").click()
    check_a11y(page)
    page.get_by_role("button", name="Lähetä kysely").click()
    expect(page.get_by_text("Lähetetty 6 vastaanottajalle.")).to_be_visible(timeout=10_000)
    check_a11y(page)


def _answer_on_a_phone(browser: Browser, link: str) -> None:
    context = browser.new_context(viewport=PHONE, locale="fi-FI", timezone_id="Europe/Helsinki")
    phone = context.new_page()
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_a11y(phone)
    assert phone.evaluate(OVERFLOW) is None
    phone.get_by_role("group", name="Osaan käyttää Wilmaa").get_by_label("hyvin").check()
    phone.get_by_role("group", name="Tarvitsetko tutoria?").get_by_label("kyllä").check()
    phone.get_by_label("Mitä muuta toivot?").fill("Arviointi Wilmassa")
    phone.get_by_role("button", name="Lähetä vastaukset").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Kiitos vastauksestasi")
    check_a11y(phone)
    context.close()


def _others_answer(tokens: list[str], survey: Survey) -> None:
    """Four more teachers answer through their links (as the answering page does)."""
    likert, single, text = survey.questions.order_by("order")
    yes, no = single.choices.order_by("order")
    for n, token in enumerate(tokens):
        recipient = recipient_for_token(token)
        assert recipient is not None
        form = AnswerForm(
            survey,
            data={
                field_name(likert): str(n % 5 + 1),
                field_name(single): str((yes if n % 2 else no).pk),
                field_name(text): f"Toive {n}",
            },
        )
        assert form.is_valid(), form.errors
        response_save(recipient=recipient, token=token, answers=form.cleaned_answers(), submit=True)


def test_a_survey_built_sent_answered_on_a_phone_and_read(
    live_server, page: Page, browser: Browser, world, login
):
    for _n in range(2):  # Koulu A: the four of the world and two more teachers
        MembershipFactory(user=UserFactory(), organisation=world.school_a)
    login(world.coordinator)
    survey = _build(page, live_server)
    assert [q.kind for q in survey.questions.order_by("order")] == [
        Question.Kind.LIKERT,
        Question.Kind.SINGLE,
        Question.Kind.TEXT,
    ]
    _send(page)
    tokens = links()
    assert len(tokens) == 6 and len(mail.outbox) == 6
    mine = tokens.pop(world.member.email)
    _answer_on_a_phone(browser, f"{live_server.url}/surveys/answer/{mine}/")
    _others_answer(list(tokens.values())[:4], survey)

    page.goto(f"{live_server.url}/surveys/{survey.pk}/")
    page.get_by_role("link", name="Näytä tulokset").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Tulokset: {TITLE}")
    expect(page.get_by_text("Kaikki vastaukset: 5 vastausta.")).to_be_visible()
    expect(page.get_by_role("img", name="Osaan käyttää Wilmaa")).to_be_visible()
    table = page.get_by_role("table", name="Vastausten jakauma: Tarvitsetko tutoria?")
    expect(table.get_by_role("row", name="kyllä 3 60 %")).to_be_visible()
    expect(page.get_by_text("Arviointi Wilmassa")).to_be_visible()
    check_a11y(page)

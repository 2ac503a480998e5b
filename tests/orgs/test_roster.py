"""Roster import: a whole file is checked, previewed and applied at once, or nothing changes."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.http.multipartparser import MultiPartParser
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from tutori.accounts.models import User
from tutori.core.tables import TableLimits, table_rows
from tutori.orgs import roster
from tutori.orgs.models import Invitation, Membership, Role, RosterImport

GOOD = (
    "name;email;organisation;role;phone;language\n"
    "Aino Aalto;aino@example.fi;Koulu A;member;040 123;fi\n"
    "Bertil Berg;bertil@example.fi;Koulu B;tutor;;sv\n"
    # a person with an account (Olli) is invited to a second organisation; Tiina's role changes
    "Olli Opettaja;opettaja@example.fi;Koulu B;member;;\n"
    "Tiina Tutor;tutor@example.fi;Koulu A;coordinator;;\n"
)


def _state() -> tuple[int, int, int]:
    return (
        User.objects.count(),
        Membership._default_manager.count(),
        Membership._default_manager.filter(active_to__isnull=True).count(),
    )


def _xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_good_file_previews_then_applies_everything(world, django_capture_on_commit_callbacks):
    check = roster.roster_check(by=world.coordinator, filename="lista.csv", data=GOOD.encode())
    assert check.ok, check.problems
    assert check.preview is not None
    # New people and people with an account are one count: the preview does not tell which.
    assert check.preview.summary == {"add": 3, "change": 1, "unchanged": 0, "total": 4}
    before = _state()
    assert before == _state()  # the preview wrote no person
    with django_capture_on_commit_callbacks(execute=True):
        roster.roster_apply(
            by=world.coordinator,
            roster_import=check.preview,
            request_base_url="http://testserver/",
        )
    aino = User.objects.get(email="aino@example.fi")
    assert aino.display_name == "Aino Aalto" and aino.phone == "040 123"
    assert not aino.has_usable_password()
    assert User.objects.get(email="bertil@example.fi").preferred_language == "sv"
    assert Membership._default_manager.filter(user=aino, organisation=world.school_a).exists()
    # Olli has an account: he is invited, a member of Koulu B once he accepts.
    assert not Membership._default_manager.filter(
        user=world.member, organisation=world.school_b
    ).exists()
    invitation = Invitation._default_manager.get(user=world.member)
    assert (invitation.organisation, invitation.display_name) == (world.school_b, "Olli Opettaja")
    assert invitation.membership_on_accept
    # Everyone new gets a link to set a password (Bertil's in Swedish); Olli one to accept.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "aino@example.fi",
        "bertil@example.fi",
        "opettaja@example.fi",
    ]
    assert all("http://testserver/orgs/invitation/" in m.body for m in mail.outbox)
    bertils = next(m for m in mail.outbox if m.to == ["bertil@example.fi"])
    assert "Koulu B" in bertils.subject and "Inbjudan" in bertils.subject
    assert "tutor" in bertils.body and "Kaisa Koordinaattori" in bertils.body
    new_people = Invitation._default_manager.filter(membership_on_accept=False)
    assert {i.user.email for i in new_people} == {"aino@example.fi", "bertil@example.fi"}
    assert all(i.sent_at and i.send_count == 1 for i in Invitation._default_manager.all())
    tiina = Membership._default_manager.get(
        user=world.tutor, organisation=world.school_a, active_to__isnull=True
    )
    assert tiina.role == Role.COORDINATOR
    check.preview.refresh_from_db()
    assert check.preview.status == RosterImport.Status.APPLIED


def test_applying_twice_imports_once(world):
    check = roster.roster_check(by=world.coordinator, filename="lista.csv", data=GOOD.encode())
    assert check.preview is not None
    roster.roster_apply(by=world.coordinator, roster_import=check.preview)
    after = _state()
    with pytest.raises(roster.ApplicationError):
        roster.roster_apply(by=world.coordinator, roster_import=check.preview)
    assert _state() == after


def test_comma_separated_file_with_bom_and_finnish_headers_is_read():
    data = "\ufeffnimi,sähköposti,organisaatio,rooli\nAino,aino@example.fi,Koulu A,jäsen\n"
    limits = TableLimits(max_bytes=1024, max_rows=10)
    table = table_rows(filename="lista.csv", data=data.encode("utf-8"), limits=limits)
    assert table[0] == (1, ["nimi", "sähköposti", "organisaatio", "rooli"])


def test_role_may_be_written_as_its_finnish_label(world):
    data = "nimi;sähköposti;organisaatio;rooli\nAino;aino@example.fi;Koulu A;Tutor\n"
    rows, problems = roster.roster_parse(by=world.coordinator, filename="a.csv", data=data.encode())
    assert not problems
    assert rows[0]["role"] == Role.TUTOR


def test_xlsx_file_is_read(world):
    data = _xlsx(
        [["name", "email", "organisation", "role"], ["Aino", "a@example.fi", "Koulu B", "member"]]
    )
    check = roster.roster_check(by=world.coordinator, filename="lista.xlsx", data=data)
    assert check.ok, check.problems
    assert check.rows[0]["organisation_id"] == world.school_b.pk


def test_every_bad_line_is_reported_with_its_number_and_nothing_changes(world):
    data = (
        "name;email;organisation;role\n"
        "Ei Sähköpostia;;Koulu A;member\n"  # line 2: missing e-mail
        "Huono Osoite;ei-osoite;Koulu A;member\n"  # line 3: malformed e-mail
        "Väärä Koulu;v@example.fi;Koulu X;member\n"  # line 4: unknown organisation
        "Väärä Rooli;r@example.fi;Koulu A;kuningas\n"  # line 5: unknown role
        "Hyvä Rivi;hyva@example.fi;Koulu A;member\n"  # line 6: fine
        "Hyvä Rivi;HYVA@example.fi;Koulu A;tutor\n"  # line 7: duplicate of line 6
        "Kemin Koulu;k@example.fi;Koulu K;member\n"  # line 8: another municipality
    )
    before = _state()
    check = roster.roster_check(by=world.coordinator, filename="lista.csv", data=data.encode())
    assert [p.line for p in check.problems] == [2, 3, 4, 5, 7, 8]
    messages = {p.line: p.message for p in check.problems}
    assert "sähköposti puuttuu" in messages[2]
    assert "ei-osoite" in messages[3]
    assert "Koulu X" in messages[4]
    assert "kuningas" in messages[5]
    assert "rivillä 6" in messages[7]
    assert check.preview is None
    assert _state() == before
    assert not RosterImport._default_manager.exists()


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("lista.csv", b"", "tyhjä"),
        ("lista.csv", b"name;email;organisation;role\n", "yhtään henkilöriviä"),
        (
            "lista.csv",
            "name;email;organisation;role\nÄäkkönen;a@example.fi;Koulu A;member\n".encode(
                "latin-1"
            ),
            "UTF-8",
        ),
        ("lista.pdf", b"%PDF-1.4 something", "Tiedostotyyppiä ei tueta"),
        ("lista.xlsx", b"this is not a workbook", "XLSX"),
        ("lista.csv", b"nimi;rooli\nAino;member\n", "puuttuu sarake"),
    ],
)
def test_unreadable_files_change_nothing(world, filename, data, expected):
    before = _state()
    check = roster.roster_check(by=world.coordinator, filename=filename, data=data)
    assert not check.ok
    assert expected in check.problems[0].message
    assert _state() == before
    assert not RosterImport._default_manager.exists()


def test_a_50_mb_file_is_refused_without_reading_it(client, world, monkeypatch):
    def never(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the body was read")

    monkeypatch.setattr(MultiPartParser, "parse", never)
    client.force_login(world.coordinator)
    big = SimpleUploadedFile("iso.csv", b"x" * (50 * 1024 * 1024), content_type="text/csv")
    response = client.post(reverse("orgs:import"), {"file": big})
    assert response.status_code == 413
    assert "liian suuri (enintään 21 Mt)" in response.content.decode()
    assert not RosterImport._default_manager.exists()


def test_a_file_over_the_roster_limit_is_refused_by_the_page(client, world):
    client.force_login(world.coordinator)
    big = SimpleUploadedFile("iso.csv", b"x" * (6 * 1024 * 1024), content_type="text/csv")
    response = client.post(reverse("orgs:import"), {"file": big})
    assert response.status_code == 400
    assert "Tiedosto on liian suuri (enintään 5 Mt)." in response.content.decode()


def test_a_member_cannot_import_even_by_command_free_service(world):
    with pytest.raises(roster.ApplicationError):
        roster.roster_check(by=world.member, filename="a.csv", data=GOOD.encode())


def test_upload_page_shows_problems_in_swedish_for_a_swedish_user(client, world):
    world.coordinator.preferred_language = "sv"
    world.coordinator.save()
    client.force_login(world.coordinator)
    upload = SimpleUploadedFile("lista.csv", b"name;email;organisation;role\nA;;Koulu A;member\n")
    response = client.post(reverse("orgs:import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Rad 2" in html


def test_upload_then_confirm_through_the_pages(client, world):
    client.force_login(world.coordinator)
    upload = SimpleUploadedFile("lista.csv", GOOD.encode())
    response = client.post(reverse("orgs:import"), {"file": upload})
    assert response.status_code == 302
    preview_url = response["Location"]
    html = client.get(preview_url).content.decode()
    assert "Aino Aalto" in html and "Vahvista tuonti" in html
    assert not User.objects.filter(email="aino@example.fi").exists()
    response = client.post(preview_url, follow=True)
    assert "Henkilölista tuotu" in response.content.decode()
    assert User.objects.filter(email="aino@example.fi").exists()


def test_someone_elses_preview_is_not_found(client, world):
    check = roster.roster_check(by=world.coordinator, filename="lista.csv", data=GOOD.encode())
    assert check.preview is not None
    client.force_login(world.outsider)
    url = reverse("orgs:import_preview", args=[check.preview.pk])
    assert client.post(url).status_code == 404
    assert not User.objects.filter(email="aino@example.fi").exists()


@override_settings(ROSTER_MAX_ROWS=3)
def test_too_many_rows_are_refused(world):
    check = roster.roster_check(by=world.coordinator, filename="lista.csv", data=GOOD.encode())
    assert "liikaa rivejä" in check.problems[0].message


def test_command_checks_and_applies(world, tmp_path, capsys):
    path = tmp_path / "lista.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_roster", str(path), "--as", world.coordinator.email)
    assert not User.objects.filter(email="aino@example.fi").exists()
    call_command("import_roster", str(path), "--as", world.coordinator.email, "--apply")
    assert User.objects.filter(email="aino@example.fi").exists()


def test_command_lists_bad_lines_and_fails(world, tmp_path, capsys):
    path = tmp_path / "lista.csv"
    path.write_text("name;email;organisation;role\nA;;Koulu A;member\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), "--as", world.coordinator.email, "--apply")
    assert "line 2" in capsys.readouterr().err

"""End-to-end: an irreversible step asks first. Casting a secret ballot opens the page's confirmation dialog, which
says what cannot be undone; "Cancel" and Escape leave everything as it was, "Confirm" casts it; a ballot with no
tick is asked about by the server too."""

from __future__ import annotations

import datetime
import re

import pytest

from tests.e2e.conftest import expect, vi

pytestmark = pytest.mark.browser


def _open_round():
    from django.utils import timezone

    from thidua.accounts.models import User
    from thidua.campaigns.models import Campaign
    from thidua.evaluation import services
    from thidua.evaluation.enums import Electorate
    from thidua.org.models import Cluster, Unit

    now = timezone.now()
    return services.round_create(
        by=User.objects.get(username="vanphong"), campaign=Campaign.objects.get(code="NR-2021"),
        cluster=Cluster.objects.get(year=2021, name="Cụm thi đua số 1"), question="Suy tôn đơn vị dẫn đầu cụm",
        candidates=[Unit.objects.get(code=code).pk for code in ("H-VY", "H-TY")], threshold_percent="50",
        quorum_percent="50", opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=1),
        electorate=Electorate.CLUSTER_UNITS)


def test_a_ballot_is_cast_only_once_confirmed(page, login, e2e_demo):
    from thidua.evaluation.models import BallotCast

    voting_round = _open_round()
    login("yenthe")
    page.goto(f"/votes/{voting_round.pk}/")
    form = page.locator("#ballot-form")
    button = form.locator("[type=submit]")
    dialog = page.locator("#confirm-dialog")
    message = vi("Cast your secret ballot? It cannot be changed or withdrawn once cast.")

    form.locator("input[name=choices]").first.check()
    button.click()
    expect(dialog).to_be_visible()
    expect(dialog.locator("#confirm-message")).to_have_text(message)
    expect(dialog.locator("#confirm-cancel")).to_be_focused()  # the safe choice has the focus
    dialog.locator("#confirm-cancel").click()
    expect(dialog).to_be_hidden()

    button.click()
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert not BallotCast.objects.filter(round=voting_round).exists()  # cancelled twice: nothing was sent
    expect(page).to_have_url(re.compile(rf"/votes/{voting_round.pk}/$"))

    button.click()
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        dialog.locator("#confirm-ok").click()
    assert response.value.status == 302
    page.wait_for_url(re.compile(rf"/votes/{voting_round.pk}/$"))
    expect(page.locator("#ballot-form")).to_have_count(0)
    assert BallotCast.objects.filter(round=voting_round).count() == 1


def test_a_ballot_with_no_tick_is_asked_about_by_the_server(page, login, e2e_demo):
    from thidua.evaluation.models import BallotCast

    voting_round = _open_round()
    login("yenthe")
    page.goto(f"/votes/{voting_round.pk}/")
    form = page.locator("#ballot-form")
    form.locator("[type=submit]").click()
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.locator("#confirm-ok").click()
    assert response.value.status == 400
    expect(page.locator("#ballot-errors")).to_be_visible()
    assert not BallotCast.objects.filter(round=voting_round).exists()

    page.locator("#ballot-form input[name=blank]").check()
    page.locator("#ballot-form [type=submit]").click()
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.locator("#confirm-ok").click()
    assert response.value.status == 302
    assert BallotCast.objects.filter(round=voting_round).count() == 1

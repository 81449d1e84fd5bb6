from types import SimpleNamespace

from django.utils import translation

from thidua.campaigns.selectors import Participant, ParticipantGroup
from thidua.core.templatetags.thidua import days_left_badge, participant_items


def test_participant_items_escape_names_and_mark_head_and_deputy():
    cluster = SimpleNamespace(head_unit_id=1, deputy_unit_id=2)
    group = ParticipantGroup(cluster=cluster, participants=[
        Participant(unit_id=1, unit_name="UBND <b>A</b>", cluster_id=9, sort_key="a"),
        Participant(unit_id=2, unit_name="B & C", cluster_id=9, sort_key="b"),
        Participant(unit_id=3, unit_name='D "quoted"', cluster_id=9, sort_key="d"),
    ])
    html = str(participant_items(group, "/units/", "Trưởng", "Phó"))
    assert html == (
        '<li><a href="/units/1/">UBND &lt;b&gt;A&lt;/b&gt;</a> <span class="badge">Trưởng</span></li>'
        '<li><a href="/units/2/">B &amp; C</a> <span class="badge light">Phó</span></li>'
        '<li><a href="/units/3/">D &quot;quoted&quot;</a></li>'
    )


def test_participant_items_outside_any_cluster_have_no_badges():
    group = ParticipantGroup(cluster=None, participants=[
        Participant(unit_id=5, unit_name="Báo Bắc Giang", cluster_id=None, sort_key="bao")])
    assert str(participant_items(group, "/units/", "Trưởng", "Phó")) == '<li><a href="/units/5/">Báo Bắc Giang</a></li>'


def test_days_left_badge_in_vietnamese():
    with translation.override("vi"):
        assert [str(days_left_badge(n)) for n in (3, 0, -1884)] == [
            '<span class="pill ok">còn 3 ngày</span>',
            '<span class="pill warn">Đến hạn hôm nay</span>',
            '<span class="pill past">đã quá hạn 1884 ngày</span>',
        ]


def test_days_left_badge_in_english_uses_plurals():
    with translation.override("en"):
        assert [str(days_left_badge(n)) for n in (1, 2, -1)] == [
            '<span class="pill ok">1 day left</span>',
            '<span class="pill ok">2 days left</span>',
            '<span class="pill past">passed 1 day ago</span>',
        ]


def test_history_shows_details_whose_key_is_items():
    """A detail named "items" (an appraisal's nominees) is shown, not mistaken for the dict's method."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    event = SimpleNamespace(created_at=None, actor=None, action="awards.nomination.appraised",
                            data={"items": [{"item": 7, "eligible": True}], "reason": "Đủ điều kiện"})
    html = render_to_string("core/_history.html", {"history": [event]})
    assert "Đủ điều kiện" in html
    assert "7" in html

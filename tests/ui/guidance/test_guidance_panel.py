"""Guidance widgets: area notes follow the map, flags explain, dismissals stick."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from twitchtrack.domain.guidance import (
    GuidanceContent,
    GuidanceContentError,
    GuidanceReport,
    dismiss,
    evaluate,
    self_check_flags,
)
from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.domain.regions import REGIONS
from twitchtrack.ui.guidance.banner import RedFlagBanner
from twitchtrack.ui.guidance.content import load_guidance_content
from twitchtrack.ui.guidance.panel import GuidancePanel
from twitchtrack.ui.guidance.self_check import SelfCheckForm
from twitchtrack.ui.guidance.style import STYLE, guidance_style
from twitchtrack.ui.guidance.view import GuidanceView

TZ = timezone(timedelta(hours=1))
TODAY = date(2026, 3, 31)


@pytest.fixture(scope="module")
def content() -> GuidanceContent:
    return load_guidance_content()


def ep(back: int, where: str = "calf_left", **flags: bool) -> Episode:
    d = TODAY - timedelta(days=back)
    return Episode(
        at=datetime(d.year, d.month, d.day, 12, tzinfo=TZ), region=where, **flags
    )


def flagged_journal() -> Journal:
    """Weakness twice and a tongue twitch: two red flags."""
    return Journal(
        episodes=[ep(7, weakness=True), ep(2, weakness=True), ep(1, "tongue")]
    )


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """A never-shown parent, so a banner's show() opens no window of its own."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def button(parent: QWidget, name: str) -> QAbstractButton:
    found = parent.findChild(QAbstractButton, name)
    assert found is not None, name
    return found


# --------------------------------------------------------------------------- panel


def test_selecting_a_region_shows_its_area_note(
    qtbot: QtBot, content: GuidanceContent
) -> None:
    panel = GuidancePanel(content)
    qtbot.addWidget(panel)
    panel.show_region("calf_left")
    assert panel.current_topic_id == "area_legs"
    assert "calves and thighs" in panel.region_note_text()
    name = panel.findChild(QLabel, "guidancePanelRegionName")
    assert name is not None
    assert name.text() == "Left calf · Shins and calves"
    panel.show_region("eyelid_upper_right")
    assert panel.current_topic_id == "area_eyes"
    assert "myokymia" in panel.region_note_text()


def test_every_region_shows_the_note_of_its_group(
    qtbot: QtBot, content: GuidanceContent
) -> None:
    panel = GuidancePanel(content)
    qtbot.addWidget(panel)
    for r in REGIONS:
        panel.show_region(r.id)
        topic = content.topic(panel.current_topic_id or "")
        assert r.group in topic.groups
        assert panel.region_note_text().startswith(topic.title)


def test_no_region_or_unknown_region_shows_a_plain_message(
    qtbot: QtBot, content: GuidanceContent
) -> None:
    panel = GuidancePanel(content)
    qtbot.addWidget(panel)
    assert "Select a place on the body map" in panel.region_note_text()
    panel.show_region("elbow_of_the_moon")
    assert panel.current_topic_id is None
    assert "no note for this place" in panel.region_note_text()
    assert button(panel, "guidancePanelMore").isHidden()


def test_more_button_asks_for_the_topic(qtbot: QtBot, content: GuidanceContent) -> None:
    panel = GuidancePanel(content)
    qtbot.addWidget(panel)
    panel.show_region("tongue")
    with qtbot.waitSignal(panel.topic_requested) as blocker:
        button(panel, "guidancePanelMore").click()
    assert blocker.args == ["area_mouth"]


def test_ticking_a_symptom_shows_the_doctor_note(
    qtbot: QtBot, content: GuidanceContent
) -> None:
    panel = GuidancePanel(content)
    qtbot.addWidget(panel)
    flags = panel.findChild(QWidget, "guidancePanelFlags")
    assert flags is not None
    assert flags.isHidden()
    assert panel.flag_note_text() == ""
    panel.show_flags(["weakness"])
    assert not flags.isHidden()
    text = panel.flag_note_text()
    assert text.startswith("Weakness with twitches.")
    assert "doctors want to check" in text
    assert "appointment soon" in text
    assert "In an emergency: If weakness, numbness" in text
    panel.show_flags(["weakness", "coordination"])  # the same line, shown once
    assert panel.flag_note_text().count("In an emergency") == 1
    panel.show_flags(["pain", "numbness", "not_a_flag", "pain"])
    text = panel.flag_note_text()
    assert text.count("with twitches.") == 2
    assert text.index("Pain") < text.index("Numbness")
    panel.show_flags([])
    assert flags.isHidden()


# --------------------------------------------------------------------------- banner


def test_banner_shows_flags_in_one_line_and_hides_when_empty(
    qtbot: QtBot, host: QWidget
) -> None:
    banner = RedFlagBanner(host)
    assert banner.isHidden()
    report = evaluate(flagged_journal(), TODAY)
    banner.set_report(report)
    assert not banner.isHidden()
    assert banner.summary_text() == (
        "Worth discussing with a doctor: Weakness logged with twitches, "
        "and 1 more note."
    )
    banner.set_items([])
    assert banner.isHidden()


def test_banner_ignores_tips(qtbot: QtBot, host: QWidget) -> None:
    banner = RedFlagBanner(host)
    j = Journal(days=[])

    j = j.with_records(
        days=[DayLog.for_day(TODAY - timedelta(days=k), sleep_h=5) for k in range(8)]
    )
    report = evaluate(j, TODAY)
    assert [t.id for t in report.tips] == ["sleep_short"]
    banner.set_items(report.items)
    assert banner.isHidden()


def test_dismissing_emits_fingerprints_and_re_evaluation_hides(
    qtbot: QtBot, host: QWidget
) -> None:
    banner = RedFlagBanner(host)
    journal = flagged_journal()
    report = evaluate(journal, TODAY)
    banner.set_report(report)
    got: dict[str, str] = {}
    banner.dismissed.connect(lambda item_id, fp: got.__setitem__(item_id, fp))
    with qtbot.waitSignals([banner.dismissed, banner.dismissed]):
        button(banner, "redFlagBannerDismiss").click()
    assert got == {i.id: i.fingerprint for i in report.red_flags}
    assert banner.isHidden()

    # The window stores what was emitted; a fresh evaluation then shows nothing.
    for item in report.red_flags:
        journal = dismiss(journal, item)
    stored = Journal.model_validate_json(journal.model_dump_json())
    assert stored.settings.dismissed_guidance == got
    fresh = RedFlagBanner(host)
    fresh.set_report(evaluate(stored, TODAY))
    assert fresh.isHidden()
    # New data brings the weakness flag back.
    more = stored.with_records([ep(0, "thumb_left", weakness=True)])
    fresh.set_report(evaluate(more, TODAY))
    assert [i.id for i in fresh.items] == ["weakness"]
    assert not fresh.isHidden()


def test_details_open_in_place_and_single_items_can_be_dismissed(
    qtbot: QtBot, host: QWidget
) -> None:
    banner = RedFlagBanner(host)
    report = evaluate(flagged_journal(), TODAY)
    banner.set_report(report)
    details = banner.findChild(QWidget, "redFlagBannerDetails")
    assert details is not None
    assert details.isHidden()
    with qtbot.waitSignal(banner.details_requested) as blocker:
        button(banner, "redFlagBannerDetailsButton").click()
    assert blocker.args == ["weakness"]
    assert not details.isHidden()
    texts = " ".join(lbl.text() for lbl in details.findChildren(QLabel))
    assert "you ticked weakness with twitches in the left calf" in texts
    assert "What to do:" in texts
    tongue = report.red_flags[1]
    with qtbot.waitSignal(banner.dismissed) as blocker:
        button(banner, "redFlagBannerDismiss_tongue").click()
    assert blocker.args == ["tongue", tongue.fingerprint]
    assert [i.id for i in banner.items] == ["weakness"]
    assert banner.summary_text().endswith("Weakness logged with twitches.")


# --------------------------------------------------------------------------- view


def test_search_filters_topics(qtbot: QtBot, content: GuidanceContent) -> None:
    view = GuidanceView(content)
    qtbot.addWidget(view)
    everything = view.visible_topic_ids()
    assert len(everything) == len(content.topics) + 1  # plus "how the checks work"
    search = view.findChild(QLineEdit, "guidanceSearch")
    assert search is not None
    qtbot.keyClicks(search, "EMG")
    assert view.visible_topic_ids() == ["doctor_nerve_tests"]
    about = view.findChild(QLabel, "guidanceSection_about")
    doctor = view.findChild(QLabel, "guidanceSection_doctor")
    assert about is not None
    assert doctor is not None
    assert about.isHidden()
    assert not doctor.isHidden()
    view.set_filter("tongue")
    assert "area_mouth" in view.visible_topic_ids()
    view.set_filter("zebra crossing")
    assert view.visible_topic_ids() == []
    no_match = view.findChild(QLabel, "guidanceNoMatch")
    assert no_match is not None
    assert not no_match.isHidden()
    assert "zebra crossing" in no_match.text()
    search.clear()
    assert view.visible_topic_ids() == everything
    assert no_match.isHidden()


def test_view_lists_the_users_items_first_and_dismisses(
    qtbot: QtBot, content: GuidanceContent
) -> None:
    view = GuidanceView(content)
    qtbot.addWidget(view)
    nothing = view.findChild(QLabel, "guidanceNothing")
    assert nothing is not None
    assert not nothing.isHidden()
    journal = flagged_journal()
    report = evaluate(journal, TODAY)
    view.set_report(report)
    assert view.item_ids() == ["weakness", "tongue"]
    assert nothing.isHidden()
    with qtbot.waitSignal(view.dismissed) as blocker:
        button(view, "guidanceDismiss_tongue").click()
    assert blocker.args == ["tongue", report.red_flags[1].fingerprint]
    view.set_report(evaluate(journal, TODAY, {"tongue": blocker.args[1]}))
    assert view.item_ids() == ["weakness"]
    view.set_report(GuidanceReport(red_flags=[], tips=[]))
    assert view.item_ids() == []


def test_view_carries_the_disclaimer(qtbot: QtBot, content: GuidanceContent) -> None:
    view = GuidanceView(content)
    qtbot.addWidget(view)
    label = view.findChild(QLabel, "guidanceDisclaimer")
    assert label is not None
    assert "not medical advice" in label.text()
    assert "not a diagnosis" in label.text()
    assert view.findChild(QWidget, "guidanceTopic_about_app") is not None
    assert view.findChild(QWidget, "guidanceTopic_how_checks_work") is not None


def test_show_topic_clears_the_filter(qtbot: QtBot, content: GuidanceContent) -> None:
    view = GuidanceView(content)
    qtbot.addWidget(view)
    view.set_filter("EMG")
    view.show_topic("area_legs")
    assert "area_legs" in view.visible_topic_ids()
    assert len(view.visible_topic_ids()) > 1


# --------------------------------------------------------------------------- self-check


def test_self_check_form_makes_answers_and_flags(qtbot: QtBot) -> None:
    form = SelfCheckForm(today=TODAY)
    qtbot.addWidget(form)
    assert form.answers().answered_yes() == []
    button(form, "selfCheck_weakness_yes").click()
    button(form, "selfCheck_falls_no").click()
    with qtbot.waitSignal(form.submitted) as blocker:
        button(form, "selfCheckSave").click()
    check = blocker.args[0]
    assert check.date == TODAY
    assert (check.weakness, check.falls, check.wasting) == (True, False, None)
    assert [i.id for i in self_check_flags([check], TODAY)] == ["self_check_weakness"]


# ------------------------------------------------------------------------ conventions


def test_every_control_has_an_object_name_and_accessible_name(
    qtbot: QtBot, content: GuidanceContent, host: QWidget
) -> None:
    panel = GuidancePanel(content)
    banner = RedFlagBanner(host)
    view = GuidanceView(content)
    form = SelfCheckForm(today=TODAY)
    report = evaluate(flagged_journal(), TODAY)
    banner.set_report(report)
    view.set_report(report)
    for widget in (panel, banner, view, form):
        if widget is not banner:
            qtbot.addWidget(widget)
        controls = [
            *widget.findChildren(QAbstractButton),
            *widget.findChildren(QLineEdit),
        ]
        assert controls
        for control in controls:
            if isinstance(control.parent(), QLineEdit):
                continue  # the line edit's own clear button
            assert control.objectName(), control
            assert control.accessibleName(), control.objectName()
    assert banner.findChildren(QPushButton)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_palette_has_no_alarm_red(dark: bool) -> None:
    sheet = guidance_style(dark)
    assert sheet == STYLE or dark
    for hex_rgb in re.findall(r"#[0-9a-fA-F]{6}", sheet):
        color = QColor(hex_rgb)
        hue, sat = color.hslHue(), color.hslSaturation()
        reddish = hue != -1 and (hue < 20 or hue > 340)
        assert not (reddish and sat > 90), hex_rgb


def test_loading_content_reports_problems_clearly(tmp_path: Path) -> None:
    with pytest.raises(GuidanceContentError, match="no guidance files"):
        load_guidance_content(tmp_path)
    (tmp_path / "bad.json").write_text('{"section": "x"', "utf-8")
    with pytest.raises(GuidanceContentError, match=r"^bad\.json: "):
        load_guidance_content(tmp_path)

"""The summary page: its preview is the PDF's pages, every moment shown is checked with a
link to it, the contact line is asked for once, and a sheet with no moment gets a picture."""

from __future__ import annotations

from nicegui import ui

from media_factory import make_clip
from tests.ui.conftest import sign_in_user
from vipp_session import clips, families, moments
from vipp_session.settings import load_settings
from vipp_session.summary.service import sheet_pdf
from vipp_session.ui import urls


def _family(data, tmp_path):
    families.add_family(data, "F1", child="Zoë", born="2025-09-01", clinician="Sam")
    make_clip(tmp_path / "a.mp4", duration=3)
    [r] = clips.import_clips(data, "F1", 1, [tmp_path / "a.mp4"])
    return r.clip.id


async def test_preview_pages_links_and_contact(user, signed_up, tmp_path):
    clip = _family(signed_up, tmp_path)
    moments.add_moment(signed_up, clip, 0.5, "look", text="Zoë looks up at you and smiles.")
    hidden = moments.add_moment(signed_up, clip, 1.5, "look", in_summary=False,
                                text="You should look at her more; she is clingy.")
    await sign_in_user(user, "/family/F1/session/2/summary")
    await user.should_see(marker="summary-page", retries=200)
    _, pages = sheet_pdf(signed_up, "F1", 2)
    assert len(user.find(marker="summary-page").elements) == pages
    assert all(isinstance(e, ui.image) for e in user.find(marker="summary-page").elements)
    links = user.find(marker="summary-warning-link").elements
    assert [link.props["href"] for link in links] == [urls.clip(clip, hidden.id)]
    await user.should_see("Moment 2 (shown, not printed)")
    await user.should_see("no way to reach you")
    user.find(marker="service-contact").type("call 07700 900123")
    user.find(marker="save-contact").click()
    await user.should_not_see(marker="contact-form", retries=100)
    assert load_settings(signed_up).service_contact == "call 07700 900123"


async def test_a_sheet_without_moments_offers_a_picture(user, signed_up, tmp_path):
    clip = _family(signed_up, tmp_path)
    still = moments.add_moment(signed_up, clip, 0.5, "look", text="Zoë looks up at you.")
    await sign_in_user(user, "/family/F1/session/1/summary")
    await user.should_see("Choose her sheet's picture:")
    await user.should_see("it has no picture")
    user.find(marker=f"choose-picture-{still.id}").click()
    await user.should_not_see("it has no picture", retries=100)
    pdf, _ = sheet_pdf(signed_up, "F1", 1)
    assert pdf.count(b"/Subtype /Image") == 1


async def test_keepsake_card_once_the_visits_end(user, signed_up, tmp_path):
    clip = _family(signed_up, tmp_path)
    moments.add_moment(signed_up, clip, 0.5, "look", text="Zoë looks up at you and smiles.")
    await sign_in_user(user, "/family/F1")
    await user.should_see(marker="session-6")
    await user.should_not_see(marker="keepsake-card")
    for n in (1, 2):
        families.set_session_status(signed_up, "F1", n, "held")
    for n in (3, 4, 5, 6):
        families.set_session_status(signed_up, "F1", n, "cancelled")  # the visits ended early
    await user.open("/family/F1")
    await user.should_see(marker="keepsake-card")
    user.find(marker="make-keepsake").click()
    await user.should_see(marker="keepsake-ready", retries=200)
    made = signed_up.summaries_dir("F1") / "keepsake.pdf"
    assert made.stat().st_size > 1000
    opened = user.find(marker="keepsake-open").elements.pop()
    assert opened.props["href"] == urls.keepsake_pdf("F1")

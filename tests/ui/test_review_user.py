"""The review pack from the session page: made in a worker thread, downloaded only signed in."""

from __future__ import annotations

import io

from pypdf import PdfReader

from media_factory import make_clip
from vipp_session import clips, families, moments
from vipp_session.review.pdf import MARKING
from vipp_session.review.service import make_review_pack, review_path
from tests.ui.conftest import sign_in_user

PATH = "/download/review/F1/2.pdf"


async def test_review_pack_refused_signed_out_and_downloaded_signed_in(user, signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01", clinician="Sam")
    make_clip(tmp_path / "a.mp4", duration=2)
    [r] = clips.import_clips(signed_up, "F1", 1, [tmp_path / "a.mp4"])
    moments.add_moment(signed_up, r.clip.id, 0.5, "look", text="She looks right at you.",
                       note="PRIVATE NOTE FOR SUPERVISION")
    make_review_pack(signed_up, "F1", 2)  # a pack on disk, so a refusal is the sign-in's doing

    refused = await user.http_client.get(PATH)
    assert refused.status_code == 401 and b"%PDF" not in refused.content
    assert "Sign in" in refused.text

    review_path(signed_up, "F1", 2).unlink()
    await sign_in_user(user, "/family/F1/session/2")
    await user.should_see(marker="review-pack")
    user.find(marker="review-pack").click()
    response = await user.download.next(timeout=60)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    assert MARKING in text and "PRIVATE NOTE FOR SUPERVISION" in text
    assert "She looks right at you." in text
    assert "review pack opened" in signed_up.audit_log.read_text()

    for bad in ("/download/review/F1/9.pdf", "/download/review/NOPE/2.pdf",
                "/download/review/..%2F..%2Fsettings.json/2.pdf"):
        missing = await user.http_client.get(bad)
        assert missing.status_code == 404, bad
        assert b"%PDF" not in missing.content and b"$argon2" not in missing.content

"""Phones' sound: the decodable track is used among several; a clip whose only sound cannot be
decoded imports without sound and says so, instead of failing."""

from __future__ import annotations

import av
import pytest

from media_factory import make_clip
from phone_audio import make_only_spatial_sound, make_spatial_beside_aac


@pytest.fixture
def family(cli):
    assert cli("family", "add", "--id", "F017", "--child", "Zoë", "--born", "2025-09-01").code == 0
    return "F017"


def proxy_sound(path) -> list[str]:
    with av.open(str(path)) as c:
        return [s.codec_context.name for s in c.streams.audio]


def test_spatial_audio_beside_aac_uses_the_aac(cli, family, tmp_path):
    source = make_spatial_beside_aac(tmp_path / "IMG_0501.MOV")
    with av.open(str(source)) as c:
        assert [s.codec_context is None for s in c.streams.audio] == [True, False]
    r = cli("import", family, "--session", "1", str(source), "--json")
    assert r.code == 0, r.err
    result = r.json[0]
    assert result["status"] == "imported" and result["audio_codec"] == "aac"
    assert result["notes"] == []
    assert proxy_sound(result["proxy"]) == ["aac"]


def test_only_sound_undecodable_imports_without_sound_and_says_so(cli, family, tmp_path):
    source = make_only_spatial_sound(make_clip(tmp_path / "IMG_0502.MOV", audio="aac",
                                               duration=1.0, gop=30).path)
    r = cli("import", family, "--session", "1", str(source), "--json")
    assert r.code == 0, r.err
    result = r.json[0]
    assert result["status"] == "imported" and result["audio_codec"] is None
    assert result["proxy_mode"] == "remux"  # the picture is ready for browsers as it is
    assert result["notes"] == ["IMG_0502.MOV was imported without sound: its sound is in a "
                               "format that cannot be played here."]
    assert proxy_sound(result["proxy"]) == []
    text = cli("import", family, "--session", "2", str(source))  # already imported
    assert "Already imported" in text.err + text.out


def test_the_words_say_it_too(cli, family, tmp_path):
    source = make_only_spatial_sound(make_clip(tmp_path / "VID_0503.mp4", audio="aac",
                                               duration=1.0).path)
    r = cli("import", family, "--session", "1", str(source))
    assert r.code == 0, r.err
    assert "VID_0503.mp4 was imported without sound" in r.err

"""Sign-in with NiceGUI's simulated user: fast checks of the flow and its refusals."""

from __future__ import annotations

from vipp_session import passphrase
from tests.ui.conftest import PASSPHRASE, sign_in_user


async def test_first_start_asks_for_a_passphrase_and_stores_only_a_hash(user, data):
    user.http_client.base_url = "http://127.0.0.1:8080"  # the laptop's own browser
    await user.open("/")
    await user.should_see("Choose a passphrase")
    user.find(marker="new-passphrase").type("short")
    user.find(marker="repeat-passphrase").type("short")
    user.find(marker="set-passphrase").click()
    await user.should_see("at least 8 characters")
    assert not passphrase.is_set(data)

    user.find(marker="new-passphrase").clear().type(PASSPHRASE)
    user.find(marker="repeat-passphrase").clear().type(PASSPHRASE + "!")
    user.find(marker="set-passphrase").click()
    await user.should_see("not the same")
    assert not passphrase.is_set(data)

    user.find(marker="repeat-passphrase").clear().type(PASSPHRASE)
    user.find(marker="set-passphrase").click()
    await user.should_see("Your families", retries=50)
    stored = data.settings_file.read_text()
    assert PASSPHRASE not in stored and "$argon2" in stored


async def test_wrong_passphrase_is_refused(user, signed_up):
    await user.open("/")
    await user.should_see("Sign in to see your families")
    user.find(marker="passphrase").type("not the right one")
    user.find(marker="sign-in").click()
    await user.should_see("That passphrase is not right", retries=60)
    await user.should_not_see("Your families")


async def test_right_passphrase_opens_the_caseload_and_lock_closes_it(user, signed_up):
    await sign_in_user(user)
    await user.should_see("Your families")
    user.find(marker="lock").click()
    await user.should_see("Sign in to see your families", retries=50)
    await user.open("/")
    await user.should_see("Sign in to see your families")

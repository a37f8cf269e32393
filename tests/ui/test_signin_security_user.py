"""Sign-in under attack, with NiceGUI's simulated users (each its own browser, cookies and address):
parallel guessing, first start from elsewhere, Lock and a passphrase change signing out everyone."""

from __future__ import annotations

import asyncio
import re
import time
from contextlib import AsyncExitStack

import httpx
import pytest
from nicegui import core
from nicegui.testing.user import User

from vipp_session import passphrase
from vipp_session.settings import load_settings
from vipp_session.ui.routes.throttle import TOTAL_FREE_FAILURES, TOTAL_WAIT_MAX, SignInThrottle, digest
from tests.ui.conftest import PASSPHRASE, sign_in_user

SIGN_IN_PAGE = "Sign in to see your families"


@pytest.fixture
async def browsers(user):
    """Make more simulated browsers: browsers(base_url, client_address)."""
    async with AsyncExitStack() as stack:
        async def make(base="http://test", address=("127.0.0.1", 50000)) -> User:
            transport = httpx.ASGITransport(core.app, client=address)
            client = await stack.enter_async_context(httpx.AsyncClient(transport=transport, base_url=base))
            return User(client)
        yield make


def field_error(u: User, marker: str) -> str | None:
    [field] = u.find(marker=marker).elements
    return field.error


async def test_thirty_parallel_wrong_guesses_are_not_thirty_checks(user, signed_up, browsers, monkeypatch):
    checked = []
    real_verify = passphrase.verify

    def counting_verify(data, attempt):
        checked.append(attempt)
        return real_verify(data, attempt)

    monkeypatch.setattr(passphrase, "verify", counting_verify)
    guessers = [await browsers() for _ in range(30)]  # each its own device cookie: 30 sources
    for n, g in enumerate(guessers):
        await g.open("/signin")
        g.find(marker="passphrase").type(f"guess number {n}")
    started = time.monotonic()
    for g in guessers:
        g.find(marker="sign-in").click()
    while not all(field_error(g, "passphrase") for g in guessers):
        assert time.monotonic() - started < 60, "not every guess was answered"
        await asyncio.sleep(0.05)
    answers = [field_error(g, "passphrase") for g in guessers]
    assert len(checked) <= TOTAL_FREE_FAILURES + 1  # the rest never reached the argon2 check
    waits = [int(m.group(1)) for a in answers if (m := re.search(r"try again in (\d+) s", a))]
    assert len(waits) == 30 - len(checked) and all(1 <= w <= TOTAL_WAIT_MAX for w in waits)
    assert answers.count("That passphrase is not right. Please try again.") == len(checked)


async def test_the_same_browser_guessing_in_parallel_gets_one_check(user, signed_up, monkeypatch):
    checked = []
    monkeypatch.setattr(passphrase, "verify", lambda data, attempt: checked.append(attempt) or False)
    await user.open("/signin")
    field = user.find(marker="passphrase")
    field.type("first guess")
    for _ in range(10):
        user.find(marker="sign-in").click()
    deadline = time.monotonic() + 20
    while "Too many tries" not in (field_error(user, "passphrase") or ""):
        assert time.monotonic() < deadline, field_error(user, "passphrase")
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # every click answered
    assert field_error(user, "passphrase") == "Too many tries. Please try again in 1 s."
    assert len(checked) == 1


def test_other_sources_hold_the_clinician_for_a_minute_at_most():
    now = [0.0]
    throttle = SignInThrottle(clock=lambda: now[0])

    async def guess(source, right=False):
        async def check():
            return right
        return await throttle.attempt(source, check)

    async def scenario():
        assert (await guess("127.0.0.1 clinician", right=True)).right  # signed in once since start
        longest_fresh = 0.0
        for n in range(2000):  # an attacker with a new device cookie for every guess, all day
            result = await guess(f"127.0.0.1 attacker-{n}")
            longest_fresh = max(longest_fresh, throttle.wait_for("127.0.0.1 someone-new"))
            assert throttle.wait_for("127.0.0.1 clinician") == 0  # her own browser: never held
            now[0] += max(result.wait, throttle.wait_for(f"127.0.0.1 attacker-{n + 1}"), 0.01)
        return longest_fresh

    longest_fresh = asyncio.run(scenario())
    assert longest_fresh == TOTAL_WAIT_MAX  # a browser new to the app waits a minute at most
    assert now[0] > 2000 * 50  # 2000 guesses take more than a day (one at a time: 30 s each)


def test_a_source_s_own_failures_slow_it_down_and_a_right_one_forgives():
    now = [0.0]
    throttle = SignInThrottle(clock=lambda: now[0])

    async def guess(right=False):
        async def check():
            return right
        return await throttle.attempt("127.0.0.1 typing", check)

    async def scenario():
        waits = []
        for _ in range(5):
            assert not (await guess()).refused
            waits.append(throttle.wait_for("127.0.0.1 typing"))
            refused = await guess(right=True)  # too soon: refused, not checked
            assert refused.refused and not refused.right and "try again in" in refused.message()
            now[0] += waits[-1]
        assert (await guess(right=True)).right
        assert throttle.wait_for("127.0.0.1 typing") == 0
        return waits

    assert asyncio.run(scenario()) == [1, 2, 4, 8, 16]


async def test_first_start_is_only_for_this_laptop_s_own_browser(user, data, browsers):
    for base, address in [("http://test", ("127.0.0.1", 5000)),  # a name that is not loopback
                          ("http://192.168.1.5:8080", ("127.0.0.1", 5000)),  # the network address
                          ("http://127.0.0.1:8080", ("192.168.1.7", 5000))]:  # another machine
        elsewhere = await browsers(base, address)
        await elsewhere.open("/signin")
        await elsewhere.should_see("Choose it on the laptop itself")
        await elsewhere.should_not_see(marker="new-passphrase")
    here = await browsers("http://localhost:8080")
    await here.open("/signin")
    await here.should_see(marker="new-passphrase")
    assert not passphrase.is_set(data)


async def test_lock_signs_out_every_browser(user, signed_up, browsers):
    other = await browsers()
    await sign_in_user(user)
    await sign_in_user(other)
    other.find(marker="lock").click()
    await other.should_see(SIGN_IN_PAGE, retries=50)
    await user.open("/")
    await user.should_see(SIGN_IN_PAGE)


async def test_a_new_passphrase_signs_out_every_browser(user, signed_up, browsers):
    other = await browsers()
    await sign_in_user(user)
    await sign_in_user(other)
    passphrase.set_passphrase(signed_up, "a brand new passphrase", "a brand new passphrase")  # as the CLI does
    for u in (user, other):
        await u.open("/")
        await u.should_see(SIGN_IN_PAGE)
    user.find(marker="passphrase").type(PASSPHRASE)  # the old one no longer opens anything
    user.find(marker="sign-in").click()
    await user.should_see("That passphrase is not right", retries=50)


async def test_a_browser_that_signed_in_is_remembered_until_the_passphrase_changes(user, signed_up):
    await sign_in_user(user)
    device = user.http_client.cookies.get("vipp_device")
    clinician = f"127.0.0.1 {device}"
    assert device and load_settings(signed_up).known_browsers == [digest(clinician)]
    assert device not in signed_up.settings_file.read_text()  # only its digest is kept

    now = [0.0]
    restarted = SignInThrottle(clock=lambda: now[0], known=lambda: passphrase.known_browsers(signed_up))

    async def wrong():
        return False

    for n in range(12):  # someone else's guessing, after the app was restarted
        now[0] += restarted.wait_for(f"127.0.0.1 guesser-{n}")
        assert not (await restarted.attempt(f"127.0.0.1 guesser-{n}", wrong)).refused
    assert restarted.wait_for("127.0.0.1 someone-new") == TOTAL_WAIT_MAX
    assert restarted.wait_for(clinician) == 0

    passphrase.set_passphrase(signed_up, "a brand new passphrase", "a brand new passphrase")
    assert load_settings(signed_up).known_browsers == []
    assert restarted.wait_for(clinician) == TOTAL_WAIT_MAX


def test_no_sign_in_holds_while_the_settings_cannot_be_read(signed_up):
    from vipp_session.errors import BadInput
    from vipp_session.ui.routes.signin import SignIns

    readable = [True]

    def current_hash():
        if not readable[0]:
            raise BadInput("The settings file cannot be read.")
        return passphrase.stored_hash(signed_up)

    signins = SignIns(idle_seconds=60, current_hash=current_hash)
    token = signins.redeem(signins.issue_ticket())
    assert signins.is_valid(token)
    readable[0] = False
    assert not signins.is_valid(token)


def test_known_browsers_of_the_wrong_shape_are_a_plain_reason(signed_up):
    import json

    from vipp_session.errors import BadInput

    raw = json.loads(signed_up.settings_file.read_text())
    signed_up.settings_file.write_text(json.dumps({**raw, "known_browsers": "abc"}))
    with pytest.raises(BadInput, match="'known_browsers' must be a list of texts"):
        load_settings(signed_up)


def test_a_ticket_from_before_a_lock_or_a_new_passphrase_opens_nothing(signed_up):
    from vipp_session.ui.routes.signin import SignIns

    signins = SignIns(idle_seconds=60, current_hash=lambda: passphrase.stored_hash(signed_up))
    ticket = signins.issue_ticket()
    signins.revoke_all()  # Lock, pressed in another browser
    assert signins.redeem(ticket) is None
    ticket = signins.issue_ticket()
    passphrase.set_passphrase(signed_up, "a brand new passphrase", "a brand new passphrase")
    assert signins.redeem(ticket) is None
    assert signins.is_valid(signins.redeem(signins.issue_ticket()))  # a fresh one still works

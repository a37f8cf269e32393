"""Real Chromium: the week ahead, overdue visits answered in one click, the caseload sorted
and searched, and the date pickers writing day-month-year in a US-English browser."""

from __future__ import annotations

import re
from io import BytesIO
from datetime import date, datetime, timedelta

from icalendar import Calendar
from pypdf import PdfReader
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from vipp_session import families
from vipp_session.settings import load_settings, save_settings
from tests.ui.conftest import (
    CHROMEDRIVER, CHROMIUM, click_when_free, field_error, marked, running_app, screenshot,
    sign_in_browser,
    wait_for,
)

TODAY = date.today()


def _at(days: int, hour: int = 10, minute: int = 30) -> str:
    return (datetime.combine(TODAY + timedelta(days=days), datetime.min.time())
            .replace(hour=hour, minute=minute).isoformat(timespec="minutes"))


def _caseload(data) -> None:
    families.add_family(data, "F1", child="Maya", born="15/03/2025", mother="Sam")
    families.plan_session(data, "F1", 1, _at(-2))  # overdue
    families.add_family(data, "F2", child="Leo", born="2025-06-01", mother="Amira")
    families.plan_session(data, "F2", 1, _at(1, 14, 0))  # tomorrow: remind her
    families.add_family(data, "F3", child="Ada", born="2025-01-10")
    families.plan_session(data, "F3", 1, _at(3, 9, 0))
    families.set_session_status(data, "F3", 1, "paused")


def _visible_rows(driver) -> list[str]:
    return [el.get_attribute("data-find") for el in driver.find_elements(By.CSS_SELECTOR, "[data-find]")
            if el.is_displayed()]


def test_the_week_ahead_page_reminders_calendar_and_an_overdue_visit_answered(browser, signed_up):
    _caseload(signed_up)
    sign_in_browser(browser, "/week")
    wait_for(browser, marked("visit-F2-1"))
    screenshot(browser, "week-ahead")
    overdue = browser.find_element(By.CSS_SELECTOR, marked("visit-F1-1"))
    assert "Was this visit held?" in overdue.text
    assert browser.find_element(By.CSS_SELECTOR, marked("remind-F2-1")).text == "Remind her"
    assert "Ada" not in browser.find_element(By.TAG_NAME, "body").text  # paused: left out
    assert "F3" in browser.find_element(By.CSS_SELECTOR, marked("paused-families")).text

    browser.find_element(By.CSS_SELECTOR, marked("reminder-F2-1")).click()
    shown = wait_for(browser, marked("reminder-text"))
    text = WebDriverWait(browser, 10).until(lambda d: shown.text)  # once the dialog has opened
    tomorrow = TODAY + timedelta(days=1)
    assert text == (f"Hi Amira, a reminder that I'll visit on {tomorrow:%A} {tomorrow.day} "
                    f"{tomorrow:%B} at 14:00. Text me if you need to change it.")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)

    ics = browser.execute_async_script(
        "const done = arguments[0];"
        "fetch('/download/calendar/visits.ics').then(r => r.text()).then(done);")
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert {str(e["uid"]) for e in events} == {f"F{n}-session-1@vipp-session" for n in (1, 2, 3)}
    assert not any(name in ics for name in ("Maya", "Leo", "Ada", "Sam", "Amira"))

    card = browser.execute_async_script(
        "const done = arguments[0];"
        "fetch('/download/cards/F2/1.pdf').then(r => r.arrayBuffer())"
        ".then(b => done(Array.from(new Uint8Array(b))));")
    text = PdfReader(BytesIO(bytes(card))).pages[0].extract_text()
    assert "for you and Leo" in text and "14:00" in text and "F2" not in text

    browser.find_element(By.CSS_SELECTOR, marked("answer-held-F1-1")).click()
    WebDriverWait(browser, 20).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, marked("visit-F1-1")))
    assert families.get_family(signed_up, "F1")[1][0].status == "held"


def test_the_caseload_marks_overdue_visits_and_sorts_and_finds_families(browser, signed_up):
    _caseload(signed_up)
    families.add_family(signed_up, "F4", child="Ruby", born="2025-02-02")
    families.plan_session(signed_up, "F4", 1, _at(-1))
    families.set_session_status(signed_up, "F4", 1, "missed")
    sign_in_browser(browser, "/")
    wait_for(browser, marked("overdue-F1-1"))
    screenshot(browser, "caseload-overdue")
    assert "Overdue" in browser.find_element(By.CSS_SELECTOR, marked("next-state-F1")).text
    assert "needs a new date" in browser.find_element(By.CSS_SELECTOR, marked("next-state-F4")).text
    assert "Paused" in browser.find_element(By.CSS_SELECTOR, marked("next-state-F3")).text
    assert _visible_rows(browser) == ["f1 maya", "f4 ruby", "f2 leo", "f3 ada"]  # by next visit

    browser.find_element(By.CSS_SELECTOR, marked("sort-families")).click()
    next(o for o in browser.find_elements(By.CSS_SELECTOR, ".q-item") if o.text == "Child's name").click()
    WebDriverWait(browser, 10).until(lambda d: _visible_rows(d)[0] == "f3 ada")
    assert _visible_rows(browser) == ["f3 ada", "f2 leo", "f1 maya", "f4 ruby"]

    find = browser.find_element(By.CSS_SELECTOR, marked("find-family"))
    find.send_keys("LE")
    WebDriverWait(browser, 10).until(lambda d: _visible_rows(d) == ["f2 leo"])
    browser.find_element(By.CSS_SELECTOR, marked("sort-families")).click()  # a new order
    WebDriverWait(browser, 10).until(lambda d: [o for o in d.find_elements(
        By.CSS_SELECTOR, ".q-menu .q-item") if o.text == "Family code"])[0].click()
    WebDriverWait(browser, 10).until(lambda d: "Family code" in d.find_element(
        By.CSS_SELECTOR, marked("sort-families")).text)
    assert _visible_rows(browser) == ["f2 leo"]  # keeps what the search box hides
    find.send_keys(Keys.BACKSPACE, Keys.BACKSPACE)
    WebDriverWait(browser, 10).until(lambda d: len(_visible_rows(d)) == 4)
    assert _visible_rows(browser) == ["f1 maya", "f2 leo", "f3 ada", "f4 ruby"]
    link = browser.find_element(By.CSS_SELECTOR, marked("family-F2"))
    assert link.tag_name == "a" and link.get_attribute("href").endswith("/family/F2")

    browser.find_element(By.CSS_SELECTOR, marked("new-date-F4")).click()
    dialog = wait_for(browser, marked("new-date-dialog"))
    # its words read once it has faded in (Selenium reads no text while it is transparent)
    WebDriverWait(browser, 10).until(
        lambda d: "Session 1 was missed. When will it be instead?" in dialog.text)
    new_day = TODAY + timedelta(days=8)
    browser.find_element(By.CSS_SELECTOR, marked("new-date")).send_keys(
        f"{new_day:%d/%m/%Y} 11:45")
    browser.find_element(By.CSS_SELECTOR, marked("new-date-save")).click()
    WebDriverWait(browser, 20).until(
        lambda d: families.get_family(signed_up, "F4")[1][0].status == "rescheduled")
    assert families.get_family(signed_up, "F4")[1][0].date == datetime.combine(
        new_day, datetime.min.time()).replace(hour=11, minute=45)


def test_the_caseload_answers_an_overdue_visit_and_writes_names_as_typed(browser, signed_up):
    families.add_family(signed_up, "F1", child='<b>Maya</b> & "Jo"', born="2025-03-15")
    families.plan_session(signed_up, "F1", 1, _at(-2))  # overdue
    families.add_family(signed_up, "F2", child="Leo", born="2025-06-01")
    sign_in_browser(browser, "/")
    row = wait_for(browser, marked("family-F1"))
    assert '<b>Maya</b> & "Jo"' in row.text  # shown as typed, never read as markup
    assert not row.find_elements(By.TAG_NAME, "b")
    whole_row = row.find_element(By.XPATH, "..")  # a quote does not end the attribute early
    assert whole_row.get_attribute("data-find") == 'f1 <b>maya</b> & "jo"'
    browser.find_element(By.CSS_SELECTOR, marked("answer-held-F1-1")).click()
    WebDriverWait(browser, 20).until(
        lambda d: families.get_family(signed_up, "F1")[1][0].status == "held")
    row_text = f"return document.querySelector('{marked('family-F1')}')?.textContent || ''"
    WebDriverWait(browser, 20).until(  # the page shows it: session 2 is next, nothing overdue
        lambda d: "Next: session 2" in d.execute_script(row_text))
    assert "Overdue" not in browser.execute_script(row_text)
    assert not browser.find_elements(By.CSS_SELECTOR, marked("overdue-F1-1"))


def _us_english_chromium():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1366,768", "--lang=en-US"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def test_the_pickers_write_day_month_year_in_a_us_english_browser(signed_up):
    families.add_family(signed_up, "F1", child="Maya", born="2025-03-15")
    families.plan_session(signed_up, "F1", 2, "2026-01-05T14:30")
    settings = load_settings(signed_up)
    settings.twelve_hour_clock = True
    save_settings(signed_up, settings)
    driver = _us_english_chromium()
    try:
        with running_app(signed_up) as base:
            driver.base = base
            sign_in_browser(driver, "/family/F1")
            assert driver.execute_script("return navigator.language") == "en-US"
            second = wait_for(driver, marked("session-2-date"))
            assert second.get_attribute("value") == "05/01/2026 2:30 PM"  # am/pm, as set

            driver.find_element(By.CSS_SELECTOR, marked("session-1-date-pick")).click()
            calendar = wait_for(driver, marked("session-1-date-calendar"))
            def first_weekdays(d) -> list[str]:  # read once the menu has opened
                return [w.get_attribute("textContent").strip() for w in calendar.find_elements(
                    By.CSS_SELECTOR, ".q-date__calendar-weekdays > div")][:2]

            WebDriverWait(driver, 10).until(lambda d: all(first_weekdays(d)))
            assert first_weekdays(driver) == ["Mon", "Tue"]
            next(b for b in calendar.find_elements(By.CSS_SELECTOR, ".q-date__calendar-item button")
                 if b.text == "15").click()
            first = driver.find_element(By.CSS_SELECTOR, marked("session-1-date"))
            WebDriverWait(driver, 10).until(lambda d: first.get_attribute("value"))
            assert re.fullmatch(r"15/\d\d/\d{4} 12:00 AM", first.get_attribute("value"))
            screenshot(driver, "picker-us-english")
            driver.find_element(By.CSS_SELECTOR, marked("session-1-date-done")).click()
            WebDriverWait(driver, 20).until(
                lambda d: families.get_family(signed_up, "F1")[1][0].date is not None)
            assert families.get_family(signed_up, "F1")[1][0].date.day == 15

            WebDriverWait(driver, 10).until(  # the picker has closed
                lambda d: not d.find_elements(By.CSS_SELECTOR, marked("session-1-date-calendar")))
            click_when_free(driver, marked("family-details"))
            born = wait_for(driver, marked("family-born"))
            WebDriverWait(driver, 10).until(lambda d: born.is_displayed())
            assert born.get_attribute("value") == "15/03/2025"
            born.send_keys(Keys.CONTROL, "a")
            born.send_keys("03/15/2025", Keys.TAB)  # and leave the box
            assert "no month 15" in field_error(driver, "family-born")
            assert families.get_family(signed_up, "F1")[0].born == date(2025, 3, 15)
    finally:
        driver.quit()


def test_a_family_that_cannot_be_read_is_drawn_with_its_reason_and_no_link(browser, signed_up):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    families.add_family(signed_up, "F2", child="Ngozi", born="2025-01-01")
    signed_up.family_db("F2").write_text('{"_meta": {}, "sessions": {"1": "held"}}')
    for backup in signed_up.backups_dir("F2").glob("*.json"):
        backup.unlink()
    sign_in_browser(browser, "/")
    row = wait_for(browser, marked("family-F2"))
    assert "Needs attention" in row.text and "Family F2" in row.text
    assert "cannot be used" in row.text  # the reason, in words
    assert "Ngozi" not in row.text and not row.find_elements(By.TAG_NAME, "a")
    assert row.get_attribute("data-find") is None  # the search box never hides it
    assert wait_for(browser, marked("family-F1")).tag_name == "a"
    find = browser.find_element(By.CSS_SELECTOR, marked("find-family"))
    find.send_keys("zo")
    WebDriverWait(browser, 10).until(lambda d: _visible_rows(d) == ["f1 zoë"])
    assert row.is_displayed()


def test_a_session_status_is_chosen_with_the_keyboard_on_the_family_page(browser, signed_up):
    families.add_family(signed_up, "F1", child="Maya", born="2025-03-15")
    families.plan_session(signed_up, "F1", 2, _at(-1))  # overdue: was it held?
    sign_in_browser(browser, "/family/F1")
    choice = wait_for(browser, f'{marked("session-2-status")} select')
    assert choice.get_attribute("aria-label") == "Session 2 status"
    assert browser.find_element(By.CSS_SELECTOR, marked("session-2-status")).text \
        .startswith("Status")  # its label shows above it
    assert choice.get_attribute("value") == "planned"

    date_box = browser.find_element(By.CSS_SELECTOR, marked("session-2-date"))
    date_box.click()
    for _ in range(3):  # from the date box, past its calendar button, to the status
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.switch_to.active_element == choice:
            break
    assert browser.switch_to.active_element == choice, "the status is not reached by Tab"
    choice.send_keys("h")  # typing a letter chooses the first status it begins: Held
    WebDriverWait(browser, 20).until(
        lambda d: families.get_family(signed_up, "F1")[1][1].status == "held")
    WebDriverWait(browser, 20).until(  # drawn again from the records: no longer overdue
        lambda d: not d.find_elements(By.CSS_SELECTOR, marked("overdue-F1-2")))
    assert wait_for(browser, f'{marked("session-2-status")} select').get_attribute("value") \
        == "held"
    screenshot(browser, "family-status-chosen")

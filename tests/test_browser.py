"""The course in a real browser: Debian's Chromium, driven headless by selenium.

Class day as an instructor sees it: the lab started the README way
(``python3 tasks.py lab``), the course map at the address it prints, a save that
changes nothing, the links of the map, an exercise opened from the file browser and run
top to bottom with a first answer typed in; then the HTML reports read with the
network switched off. Screenshots go to ``build/screenshots/`` for people to look at.

The tests are skipped, saying why, where ``chromium`` and ``chromedriver`` are not
installed (``.ci/run`` installs Debian's ``chromium`` and ``chromium-driver`` with
apt-get where it can).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from report_pages import hostile_notebook

from helpers.paths import (
    BUILD_DIR,
    EXERCISES_DIR,
    KERNEL_DISPLAY_NAME,
    NOTEBOOKS_DIR,
    REPO_ROOT,
    SOLUTIONS_DIR,
)
from helpers.tooling import runner

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="Debian's chromium and chromium-driver are not installed here "
        "(.ci/run installs them with apt-get where apt is usable)",
    ),
]

SCREENSHOTS = BUILD_DIR / "screenshots"
COURSE_MAP = NOTEBOOKS_DIR / "00_course_map.ipynb"
EXERCISE = EXERCISES_DIR / "00_warm_up.ipynb"
CHECK_SYMBOLS = ("✅", "❌", "⏳")
WAIT = 90  # seconds for anything the lab does (two cores shared with other work)
#: the line of a first try at the chart question: a chart, though not yet the right one
FIRST_TRY = "import matplotlib.pyplot as plt; ax = plt.figure().gca(); ax.plot([1, 2, 3])"


# --- browser and lab ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless",
        "--no-sandbox",  # Chromium runs as root here
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--lang=en-US",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


class Lab:
    """A running ``python3 tasks.py lab``: its printed address, its log, what it opened."""

    def __init__(self, process: subprocess.Popen, log: Path, url: str):
        self.process, self.log, self.url = process, log, url
        self.opened = log.parent / "opened.txt"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, text: str, after: int = 0) -> None:
        deadline = time.monotonic() + WAIT
        while text not in self.log_text()[after:]:
            assert time.monotonic() < deadline, f"the lab never logged {text!r}"
            time.sleep(0.2)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """The lab as the README starts it, with a fresh user profile (no remembered answers)."""
    home = tmp_path_factory.mktemp("lab-user")
    # the browser the lab starts is a stand-in that notes what it was asked to open
    opener = home / "open-browser"
    opener.write_text(f'#!/bin/sh\necho "$1" >> "{home / "opened.txt"}"\n')
    opener.chmod(0o755)
    env = dict(
        os.environ,
        BROWSER=f"{opener} %s",
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
    )
    command = [sys.executable, "tasks.py", "lab", "--port", str(_free_port())]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # Jupyter refuses root unless told
    log = home / "lab.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole below
        )
    try:
        deadline = time.monotonic() + WAIT
        while not (found := re.search(r"http://127\.0\.0\.1:\d+/\S*token=\w+", log.read_text())):
            assert process.poll() is None, f"the lab stopped:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"the lab printed no address:\n{log.read_text()}"
            time.sleep(0.3)
        yield Lab(process, log, found.group(0))
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # Jupyter shuts its kernels down on SIGTERM
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- small steps in the lab --------------------------------------------------------------


def _wait(driver, condition, message: str, timeout: float = WAIT):
    """Wait for ``condition(driver)``; the lab redraws often, so a stale element is retried."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(
        driver, timeout, poll_frequency=0.25, ignored_exceptions=[StaleElementReferenceException]
    )
    return wait.until(lambda d: condition(d), message)


def _current_tab_path(driver) -> str:
    """The path of the document in the current main-area tab (from the tab's title)."""
    title = driver.execute_script(
        "const t = document.querySelector('.lm-TabBar-tab.jp-mod-current');"
        "return t ? t.getAttribute('title') : '';"
    )
    found = re.search(r"Path: (.+)", title or "")
    return found.group(1).strip() if found else ""


def _current_tab_is_dirty(driver) -> bool:
    """Whether the current document shows unsaved changes (the dot on its tab)."""
    return driver.execute_script(
        "return document.querySelector('.lm-TabBar-tab.jp-mod-current')"
        ".classList.contains('jp-mod-dirty');"
    )


def _wait_for_tab(driver, path: str) -> None:
    _wait(driver, lambda d: _current_tab_path(d) == path, f"{path} never became the current tab")


def _kernel_status(driver) -> str:
    return driver.execute_script(
        "const s = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)"
        " .jp-Notebook-ExecutionIndicator');"
        "return s ? s.getAttribute('data-status') : '';"
    )


def _wait_until_idle(driver) -> None:
    """Wait for the notebook's kernel to start and have nothing left to run."""
    _wait(driver, lambda d: _kernel_name(d) not in {"", "No Kernel"}, "no kernel started")
    _wait(driver, lambda d: _kernel_status(d) == "idle", "the kernel never became idle")


def _kernel_name(driver) -> str:
    return driver.execute_script(
        "const k = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)"
        " .jp-Toolbar-kernelName');"
        "return k ? k.textContent.trim() : '';"
    )


def _menu(driver, menu: str, entry: str) -> None:
    """Click ``entry`` in the menu bar's ``menu``, as a person would."""
    from selenium.webdriver.common.by import By

    for item in driver.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-item"):
        if item.text.strip() == menu:
            item.click()
            break
    else:
        raise AssertionError(f"no {menu!r} menu")

    def find(d):
        for label in d.find_elements(By.CSS_SELECTOR, ".lm-Menu .lm-Menu-itemLabel"):
            if label.text.strip() == entry:
                return label
        return False

    _wait(driver, find, f"no {entry!r} in the {menu} menu", timeout=10).click()


def _listing(driver) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll('.jp-DirListing-content .jp-DirListing-itemText')]"
        ".map(e => e.textContent.trim());"
    )


def _open_in_file_browser(driver, name: str) -> None:
    """Double-click ``name`` in the file browser's current folder."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    def item(d):
        for element in d.find_elements(By.CSS_SELECTOR, ".jp-DirListing-item"):
            if element.find_element(By.CSS_SELECTOR, ".jp-DirListing-itemText").text == name:
                return element
        return False

    def double_click(d):
        element = item(d)
        if not element:
            return False  # not listed yet
        try:
            ActionChains(d).double_click(element).perform()
        except StaleElementReferenceException:
            return False  # redrawn while clicking
        return True

    _wait(driver, double_click, f"{name} is not listed")


def _outputs(driver) -> list[dict]:
    """Every output of the current notebook: its MIME type and text."""
    return driver.execute_script(
        "const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');"
        "return [...panel.querySelectorAll('.jp-OutputArea-output')].map(e => ({"
        " mime: e.getAttribute('data-mime-type') || '', text: e.textContent}));"
    )


def _scroll_to_output(driver, start: str) -> str:
    """Scroll to the first output starting with ``start``; return its text as displayed."""
    from selenium.webdriver.common.by import By

    for output in driver.find_elements(
        By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"
    ):
        if output.get_attribute("textContent").strip().startswith(start):
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", output)
            _wait(driver, lambda d, o=output: o.is_displayed(), f"{start} line not shown", 10)
            return output.text.strip()
    raise AssertionError(f"no output starts with {start!r}")


def _loaded_images(driver, selector: str) -> list[int]:
    """The natural widths of the images matched by ``selector`` (0 for one that failed)."""
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])]"
        ".map(i => (i.complete ? i.naturalWidth : 0));",
        selector,
    )


def _all_code_cells_ran(driver) -> bool:
    prompts = driver.execute_script(
        "const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');"
        "return [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
        ".map(p => p.textContent.trim());"
    )
    return bool(prompts) and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts)


def _type_first_try(driver) -> None:
    """Replace the chart question's stub line (``ax = None``) with a first try."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    def stub(d):
        for line in d.find_elements(By.CSS_SELECTOR, ".jp-NotebookPanel .cm-line"):
            if line.text.strip() == "ax = None":
                return line
        return False

    line = _wait(driver, stub, "no `ax = None` line to answer in the exercise", timeout=20)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", line)
    line.click()
    actions = ActionChains(driver).send_keys(Keys.END)
    actions.key_down(Keys.SHIFT).send_keys(Keys.HOME).key_up(Keys.SHIFT)
    actions.send_keys(FIRST_TRY).send_keys(Keys.ESCAPE).perform()
    _wait(driver, lambda d: not stub(d), "the answer was not typed in", timeout=10)


#: lines the lab used to log on class day, each of them noise
KNOWN_NOISE = (
    "without encryption",  # kernels over plain TCP
    "Skipped non-installed server",  # jupyter_lsp's list of missing language servers
    "Stripping metadata",  # jupytext, on every save
    "is not trusted",  # the course's own notebooks
    "websocket_ping_timeout",  # Tornado and Jupyter Server disagreeing on units
)


def _problems_in_log(text: str) -> list[str]:
    """Warnings, errors and known noise in the lab's log (Jupyter marks [W] and [E])."""
    return [
        line
        for line in text.splitlines()
        if re.match(r"\[[WE] ", line)
        or any(word in line for word in ("WARNING", "ERROR", "Traceback", *KNOWN_NOISE))
    ]


# --- the tests ---------------------------------------------------------------------------


def test_class_day_in_jupyterlab(lab, browser):
    course_map_files = {p: p.read_bytes() for p in (COURSE_MAP, COURSE_MAP.with_suffix(".py"))}
    exercise_before = EXERCISE.read_bytes()
    try:
        # the lab asked the browser for the course map (through a page that redirects)
        _wait(browser, lambda d: lab.opened.exists(), "the lab opened no browser", 30)
        opened = lab.opened.read_text().split()[0]
        target = Path(unquote(opened.removeprefix("file://")))
        page = target.read_text() if target.is_file() else opened
        assert "/lab/tree/notebooks/00_course_map.ipynb" in page, page

        # the printed address opens the course map, on the course kernel
        browser.get(lab.url)
        _wait_for_tab(browser, "notebooks/00_course_map.ipynb")
        _wait_until_idle(browser)
        assert _kernel_name(browser) == KERNEL_DISPLAY_NAME
        time.sleep(1)  # the kernel's language_info reaches the notebook right after it starts
        assert not _current_tab_is_dirty(browser), "the course map shows unsaved changes"
        browser.save_screenshot(str(SCREENSHOTS / "lab_course_map.png"))

        # a save without edits leaves the notebook and its text twin as they were
        mark = len(lab.log_text())
        _menu(browser, "File", "Save Notebook")
        lab.wait_for_log("Saving file at /notebooks/00_course_map.ipynb", after=mark)
        time.sleep(1)  # the text twin is written right after the notebook
        for path, content in course_map_files.items():
            assert path.read_bytes() == content, f"saving unedited changed {path.name}"

        # the map links every lesson, exercise and solution (the lab resolves the links)
        hrefs = browser.execute_script(
            "return [...document.querySelectorAll("
            "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output a[href]')]"
            ".map(a => a.href);"
        )
        linked = {unquote(m.group(1)) for h in hrefs if (m := re.search(r"/files/([^?#]+)", h))}
        expected = {
            f"{folder.name}/{p.name}"
            for folder in (NOTEBOOKS_DIR, EXERCISES_DIR, SOLUTIONS_DIR)
            for p in folder.glob("[0-9][0-9]_*.ipynb")
        }
        assert expected <= linked, sorted(expected - linked)

        # ...and a link opens its notebook in the lab
        browser.execute_script(
            "const a = [...document.querySelectorAll("
            "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output a[href]')]"
            ".find(a => a.href.includes('/files/solutions/00_warm_up.ipynb'));"
            "a.scrollIntoView({block: 'center'});"
        )
        browser.find_element(
            "xpath",
            "//div[contains(@class, 'jp-OutputArea-output')]"
            "//a[contains(@href, '/files/solutions/00_warm_up.ipynb')]",
        ).click()
        _wait_for_tab(browser, "solutions/00_warm_up.ipynb")
        assert len(browser.window_handles) == 1  # in the lab, not in a new browser tab

        # the file browser: the whole course from its root, one entry per lesson
        browser.find_element("css selector", ".jp-BreadCrumbs-home").click()
        _wait(browser, lambda d: "exercises" in _listing(d), "the root is not listed")
        assert {"notebooks", "exercises", "solutions", "datasets"} <= set(_listing(browser))
        _open_in_file_browser(browser, "notebooks")
        _wait(browser, lambda d: "00_course_map.ipynb" in _listing(d), "notebooks/ not listed")
        assert not [name for name in _listing(browser) if name.endswith(".py")]
        browser.find_element("css selector", ".jp-BreadCrumbs-home").click()
        _wait(browser, lambda d: "exercises" in _listing(d), "the root is not listed")

        # open an exercise from the file browser, answer the chart question, run it all
        _open_in_file_browser(browser, "exercises")
        _open_in_file_browser(browser, EXERCISE.name)
        _wait_for_tab(browser, f"exercises/{EXERCISE.name}")
        _wait_until_idle(browser)
        _type_first_try(browser)
        _menu(browser, "Run", "Run All Cells")
        _wait(browser, _all_code_cells_ran, "not every cell ran")
        _wait_until_idle(browser)

        assert _kernel_name(browser) == KERNEL_DISPLAY_NAME
        outputs = _outputs(browser)
        errors = [o["text"] for o in outputs if "Traceback" in o["text"]]
        assert not errors, errors[0]
        charts = _loaded_images(
            browser, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img"
        )
        assert charts and all(width > 0 for width in charts), charts
        checks = [
            line.strip()
            for o in outputs
            for line in o["text"].splitlines()
            if line.strip().startswith(CHECK_SYMBOLS)
        ]
        assert len(checks) >= 5, checks
        assert any(line.startswith("❌") for line in checks), checks  # the first try
        assert any(line.startswith("⏳") for line in checks), checks  # the questions left
        for symbol in ("⏳", "❌"):  # a person scrolling there sees the line
            assert _scroll_to_output(browser, symbol).startswith(symbol)
        browser.save_screenshot(str(SCREENSHOTS / "lab_exercise_run.png"))

        # one kernel to choose from in the Launcher, and no news question
        browser.find_element(
            "css selector", '.jp-FileBrowser-toolbar [data-command="launcher:create"]'
        ).click()
        _wait(browser, lambda d: d.find_elements("css selector", ".jp-LauncherCard"), "no Launcher")
        cards = browser.execute_script(
            "return [...document.querySelectorAll('.jp-Launcher-section')].map(s => ["
            " s.querySelector('.jp-Launcher-sectionTitle').textContent.trim(),"
            " [...s.querySelectorAll('.jp-LauncherCard')].map(c => c.getAttribute('title') ||"
            " c.textContent.trim())]);"
        )
        notebook_cards = dict(cards)["Notebook"]
        assert len(notebook_cards) == 1 and KERNEL_DISPLAY_NAME in notebook_cards[0], cards
        browser.save_screenshot(str(SCREENSHOTS / "lab_launcher.png"))
        kernelspecs = browser.execute_script(
            "const r = await fetch('/api/kernelspecs', {headers: {Authorization: "
            "'token ' + new URL(arguments[0]).searchParams.get('token')}});"
            "return Object.keys((await r.json()).kernelspecs);",
            lab.url,
        )
        assert kernelspecs == ["customer-course"]
        toasts = browser.execute_script(
            "return [...document.querySelectorAll('.jp-Notification-Toast, .Toastify__toast')]"
            ".map(t => t.innerText);"
        )
        assert not [t for t in toasts if "news" in t.lower()], toasts
    except Exception:
        browser.save_screenshot(str(SCREENSHOTS / "lab_failure.png"))
        raise
    finally:
        lab_log = lab.log_text()
        changed = [p.name for p, c in course_map_files.items() if p.read_bytes() != c]
        for path, content in course_map_files.items():
            path.write_bytes(content)
        if EXERCISE.read_bytes() != exercise_before:
            changed.append(EXERCISE.name)
            EXERCISE.write_bytes(exercise_before)
    assert not changed, f"the lab changed {changed}"
    assert not _problems_in_log(lab_log), "\n".join(_problems_in_log(lab_log))


def _report_pages(folder: Path) -> list[Path]:
    """Two report pages made by the runner: a lesson with charts, and hostile outputs."""
    lesson = next(
        p
        for p in sorted(NOTEBOOKS_DIR.glob("[0-8][0-9]_*.ipynb"))
        if "image/png" in p.read_text(encoding="utf-8")
    )
    copy = folder / "notebooks" / lesson.name
    copy.parent.mkdir(parents=True)
    shutil.copyfile(lesson, copy)
    hostile = hostile_notebook(folder / "notebooks" / "99_hostile.ipynb")
    return [runner.export_html(copy), runner.export_html(hostile)]


def test_reports_work_offline(browser, tmp_path):
    pages = _report_pages(tmp_path)
    browser.get("about:blank")
    browser.get_log("performance")  # start both logs from here
    browser.get_log("browser")
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    try:
        for number, page in enumerate(pages, 1):
            browser.get(page.as_uri())
            _wait(
                browser,
                lambda d: d.execute_script("return document.readyState") == "complete",
                f"{page.name} never finished loading",
            )
            charts = _loaded_images(browser, ".jp-RenderedImage img")
            assert charts and all(width > 0 for width in charts), (page.name, charts)
            active = browser.execute_script(
                "return {scripts: document.scripts.length,"
                " frames: document.querySelectorAll('iframe, object, embed').length,"
                " handlers: [...document.querySelectorAll('*')].filter(e =>"
                "   [...e.attributes].some(a => a.name.startsWith('on'))).length,"
                " js_links: document.querySelectorAll('[href^=\"javascript:\" i]').length,"
                " pwned: window.pwned || null};"
            )
            assert active == {
                "scripts": 0,
                "frames": 0,
                "handlers": 0,
                "js_links": 0,
                "pwned": None,
            }, (page.name, active)
            browser.save_screenshot(str(SCREENSHOTS / f"report_offline_{number}.png"))
        requests = [
            json.loads(entry["message"])["message"]["params"]["request"]["url"]
            for entry in browser.get_log("performance")
            if '"Network.requestWillBeSent"' in entry["message"]
        ]
        remote = [url for url in requests if not url.startswith(("file:", "data:", "about:"))]
        assert not remote, remote
        failures = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert not failures, failures
    finally:
        browser.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )

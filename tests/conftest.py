"""Shared fixtures: the seed corpus in the repository and the development material beside it.

The development material (``../shared/corpora-dev``) is public government text kept outside
the repository; tests that use it skip when it is absent.
"""

from __future__ import annotations

import csv
import faulthandler
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT / "corpora" / "seeds"
SHARED_DIR = ROOT.parent / "shared"
GOLD_DIR = Path(__file__).resolve().parent / "gold"


#: the headless Chromium the browser tests launch (through Playwright)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _browser_missing(reason: str) -> None:
    """Skip a browser test, or fail it where the browser is required (CI)."""
    if os.environ.get("GKMINE_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


#: seconds the interpreter may take to exit once every test has run, before it prints every
#: thread's stack and exits with status 1 (a hang there would otherwise hold CI to its limit)
EXIT_GRACE_SECONDS = 300


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Name the test after which a process pool's worker is still running (once a worker)."""
    yield
    import psutil

    for child in psutil.Process().children(recursive=True):
        command = " ".join(_cmdline(child))
        if "loky" in command and "resource_tracker" not in command \
                and child.pid not in _NAMED_WORKERS:
            _NAMED_WORKERS.add(child.pid)
            print(f"\nconftest: after {item.nodeid}, pool worker pid {child.pid} is still "
                  "running", file=sys.stderr)


#: pool workers already named by ``pytest_runtest_teardown``
_NAMED_WORKERS: set[int] = set()


def pytest_sessionfinish(session, exitstatus):
    """Stop any process a test left running, and name it: no helper outlives the suite.

    Pools that are still open are stopped as the engine stops its own (``stop_pool``), which
    also ends their manager threads: the interpreter's exit waits for those.
    """
    import psutil

    _stop_open_pools()
    leftovers = [child for child in psutil.Process().children(recursive=True)
                 if not _is_resource_tracker(child)]
    for child in leftovers:
        print(f"\nconftest: a test left pid {child.pid} running "
              f"({' '.join(_cmdline(child))[:160]}); terminating it", file=sys.stderr)
        child.terminate()
    _, alive = psutil.wait_procs(leftovers, timeout=10)
    for child in alive:
        child.kill()


def _stop_open_pools() -> None:
    from joblib.externals.loky import process_executor

    from gkmine.engine import stop_pool

    for manager in list(process_executor._threads_wakeups):
        pool = manager.executor_reference()
        if manager.is_alive() and pool is not None:
            print(f"\nconftest: a test left a process pool open ({manager.name}); stopping it",
                  file=sys.stderr)
            stop_pool(pool)


def pytest_unconfigure(config):
    """Arm a watchdog for the interpreter's exit (pools' and threads' exit handlers)."""
    faulthandler.dump_traceback_later(EXIT_GRACE_SECONDS, exit=True)


def _cmdline(process) -> list[str]:
    import psutil

    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _is_resource_tracker(process) -> bool:
    """multiprocessing's and loky's trackers exit by themselves once the suite's process does."""
    return any("resource_tracker" in part for part in _cmdline(process))


@pytest.fixture(scope="module")
def chromium():
    """The system's Chromium, launched headless through Playwright (skips without either).

    One browser per test module, closed when the module's tests end, so that no browser or
    Playwright driver runs beside the tests of other modules (worker pools, clusters).
    """
    executable = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
    if executable is None:
        _browser_missing("chromium is not installed (.ci/run installs it: apt-get install "
                         "chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        _browser_missing("playwright is not installed (it is in the test extra)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip("needs the development material in ../shared (real report text kept "
                    "outside the repository), which is absent")
    return SHARED_DIR


@pytest.fixture(scope="session")
def dev_pages(shared_dir: Path) -> list[dict]:
    """Rows of ``corpora-dev/pages/manifest.csv`` with the page text under ``"text"``."""
    pages = shared_dir / "corpora-dev" / "pages"
    if not (pages / "manifest.csv").is_file():
        pytest.skip("corpora-dev/pages is absent")
    with open(pages / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["path"] = pages / row["file"]
        row["text"] = row["path"].read_text(encoding="utf-8", errors="replace")
    return rows


@pytest.fixture(scope="session")
def dev_statements(shared_dir: Path) -> list[dict]:
    import json

    path = shared_dir / "corpora-dev" / "statements" / "statements.jsonl"
    if not path.is_file():
        pytest.skip("corpora-dev/statements is absent")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]

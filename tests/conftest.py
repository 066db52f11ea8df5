import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_RETAIL = REPO_ROOT.parent / "shared" / "data" / "online_retail.csv.gz"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_retail_csv() -> Path:
    """The shared copy of UCI Online Retail; tests that need it skip where it is absent."""
    if not SHARED_RETAIL.exists():
        pytest.skip(f"UCI Online Retail copy not found at {SHARED_RETAIL}")
    return SHARED_RETAIL


@pytest.fixture(scope="session")
def retail_cache(tmp_path_factory, shared_retail_csv):
    """A private cache holding UCI Online Retail, seeded from the shared copy."""
    cache = tmp_path_factory.mktemp("cache")
    env = {**os.environ, "CUSTOMER_COURSE_CACHE": str(cache)}
    command = [sys.executable, "-m", "helpers", "data", "seed-cache", str(shared_retail_csv)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"seeding the cache failed: {done.stdout}{done.stderr}")
    return cache

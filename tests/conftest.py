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

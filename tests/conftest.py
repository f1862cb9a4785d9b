"""Shared test set-up: every test session uses a fresh temporary results store."""

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _fresh_store(tmp_path_factory):
    os.environ["ENTROPY_CONES_STORE"] = str(tmp_path_factory.mktemp("store"))
    yield

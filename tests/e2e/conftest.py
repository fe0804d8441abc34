"""Browser tests run in an English-speaking browser: the portal must still answer in Vietnamese."""

import pytest


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}

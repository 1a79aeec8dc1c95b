"""Consumer-groups view tests share the producer-form tests' fixtures: the Qt loop for async
tests, a workspace, settings in a temp folder, and a session on the shared broker."""

from __future__ import annotations

from tests.producer_ui.conftest import (  # noqa: F401  (fixtures and the loop hook, re-exported)
    pytest_asyncio_loop_factories,
    session,
    settings,
    workspace,
)

"""Opening the pages people work in: a topic's messages, the producer form, consumer groups.

Kept apart from the main window so it stays a frame: these functions only build pages and hand
them to :meth:`MainWindow.add_page`, which focuses a page that is already open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.session import ClusterSession
from explorer.ui.group_detail import GroupDetailPage
from explorer.ui.groups_page import GroupsPage
from explorer.ui.messages_page import MessagesPage
from explorer.ui.producer_page import ProducerPage

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow


def open_messages(window: MainWindow, session: ClusterSession, topic: str) -> MessagesPage:
    """The topic's messages; an open page is focused rather than read again."""
    existing = window.content.page_for(("messages", session.name, topic))
    if isinstance(existing, MessagesPage):
        window.content.show_page(existing)
        return existing
    page = window.add_page(MessagesPage(session, topic, window.settings))
    assert isinstance(page, MessagesPage)
    page.resend_requested.connect(lambda t, k, v, h, p: resend(window, session, t, k, v, h, p))
    return page


def resend(window: MainWindow, session: ClusterSession, topic: str, key: bytes | None,
           value: bytes | None, headers: list[tuple[str, bytes | None]], partition: int | None) -> None:
    """'Send again' / 'edit and send' from the message browser: the message in the producer form."""
    page = open_producer(window, session, topic)
    page.load_message(key, value, headers, partition, topic=topic)


def open_producer(window: MainWindow, session: ClusterSession, topic: str | None) -> ProducerPage:
    page = window.add_page(ProducerPage(session, topic, settings=window.settings))
    assert isinstance(page, ProducerPage)
    if topic:
        page.set_topic(topic)
    return page


def open_groups(window: MainWindow, session: ClusterSession) -> GroupsPage:
    page = window.add_page(GroupsPage(session, settings=window.settings))
    assert isinstance(page, GroupsPage)
    if not getattr(page, "_wired", False):
        page.open_group.connect(lambda s, g: open_group(window, s, g))
        page._wired = True  # type: ignore[attr-defined]
    return page


def open_group(window: MainWindow, session: ClusterSession, group_id: str) -> GroupDetailPage:
    page = window.add_page(GroupDetailPage(session, group_id, settings=window.settings))
    assert isinstance(page, GroupDetailPage)
    return page


def open_named(window: MainWindow, session: ClusterSession, spec: str) -> None:
    """Open a page named on the command line (see ``--show``)."""
    kind, _, name = spec.partition(":")
    if kind == "messages" and name:
        open_messages(window, session, name)
    elif kind == "produce":
        open_producer(window, session, name or None)
    elif kind == "groups":
        open_groups(window, session)
    elif kind == "group" and name:
        open_group(window, session, name)
    elif kind == "topic" and name:
        window.open_topic(session, name)
    else:
        raise ValueError(f"--show {spec!r}: expected messages:TOPIC, produce[:TOPIC], groups, "
                         "group:ID or topic:NAME")

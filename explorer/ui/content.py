"""Tabbed content in one or two panes, so two clusters (or topics) can be seen side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QSplitter, QTabWidget, QWidget

from explorer.ui.page import Page


class ContentArea(QSplitter):
    """Pages keyed by :attr:`Page.key`; new pages open in the pane that last had the focus."""

    current_changed = Signal()
    """The current page (of the active pane) changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)
        self.panes: list[QTabWidget] = []
        self.active = self._add_pane()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def _add_pane(self) -> QTabWidget:
        pane = QTabWidget()
        pane.setDocumentMode(True)
        pane.setTabsClosable(True)
        pane.setMovable(True)
        pane.tabCloseRequested.connect(lambda i, p=pane: self._close_at(p, i))
        pane.currentChanged.connect(lambda _i, p=pane: self._activate(p))
        pane.tabBarClicked.connect(lambda _i, p=pane: self._activate(p))
        self.panes.append(pane)
        self.addWidget(pane)
        return pane

    # -- pages ------------------------------------------------------------------------------
    def pages(self) -> list[Page]:
        return [
            p for pane in self.panes for i in range(pane.count()) if isinstance(p := pane.widget(i), Page)
        ]

    def page_for(self, key: tuple[str, ...]) -> Page | None:
        return next((p for p in self.pages() if p.key == key), None)

    def add(self, page: Page) -> Page:
        """Show ``page`` (in the active pane), or the page already open under the same key."""
        existing = self.page_for(page.key)
        if existing is not None:
            page.shutdown()
            page.deleteLater()
            self.show_page(existing)
            return existing
        index = self.active.addTab(page, page.title)
        self.active.setTabToolTip(index, page.title)
        self.active.setCurrentIndex(index)
        return page

    def show_page(self, page: Page) -> None:
        pane = self._pane_of(page)
        if pane is not None:
            pane.setCurrentWidget(page)
            self._activate(pane)

    def current_page(self) -> Page | None:
        page = self.active.currentWidget()
        return page if isinstance(page, Page) else None

    def close_page(self, page: Page) -> None:
        pane = self._pane_of(page)
        if pane is not None:
            self._close_at(pane, pane.indexOf(page))

    def _close_at(self, pane: QTabWidget, index: int) -> None:
        page = pane.widget(index)
        pane.removeTab(index)
        if isinstance(page, Page):
            page.shutdown()
        if page is not None:
            page.deleteLater()
        if pane.count() == 0 and len(self.panes) > 1:
            self._remove_pane(pane)
        self.current_changed.emit()

    # -- side by side -----------------------------------------------------------------------
    def split(self) -> None:
        """Move the current page to the other pane (making one if there is only one)."""
        page = self.current_page()
        if page is None:
            return
        source = self.active
        target = self._add_pane() if len(self.panes) == 1 else next(p for p in self.panes if p is not source)
        source.removeTab(source.indexOf(page))
        target.setCurrentIndex(target.addTab(page, page.title))
        self._activate(target)
        if source.count() == 0:
            self._remove_pane(source)
        self.setSizes([self.width() // len(self.panes)] * len(self.panes))

    def _remove_pane(self, pane: QTabWidget) -> None:
        self.panes.remove(pane)
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        self._activate(self.panes[0])

    def cycle(self, step: int) -> None:
        pane = self.active
        if pane.count():
            pane.setCurrentIndex((pane.currentIndex() + step) % pane.count())

    # -- focus ------------------------------------------------------------------------------
    def _pane_of(self, page: QWidget) -> QTabWidget | None:
        return next((pane for pane in self.panes if pane.indexOf(page) >= 0), None)

    def _activate(self, pane: QTabWidget) -> None:
        if pane in self.panes:
            self.active = pane
            self.current_changed.emit()

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        for pane in self.panes:
            if new is not None and pane.isAncestorOf(new) and pane is not self.active:
                self._activate(pane)

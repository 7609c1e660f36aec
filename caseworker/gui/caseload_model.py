"""The caseload table: a lazy model over the store's list/count/search, paged on the worker thread.

``rowCount`` is the real count (from ``count_clients``), so the scroll bar is honest from the start; a row
whose page has not arrived yet shows an ellipsis and asks for its page once. Pages arrive through
``DbOp`` and are dropped if the query changed meanwhile (a generation counter), so a fast typist never
sees stale results. At most ``MAX_PAGES`` pages are kept (100k rows never sit in memory at once).

Search replaces the paged query with the store's ranked ``search_clients`` result.

Signals: ``loaded(int rows)`` after each count or search answer; ``search_done(int generation)``.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from caseworker.gui import storeops
from caseworker.gui.context import AppContext
from caseworker.gui.dbop import DbOp
from caseworker.gui.labels import Labels

PAGE = 200
MAX_PAGES = 40
SEARCH_LIMIT = 200
#: The first answer to a keystroke holds this many rows (fast); the rest up to SEARCH_LIMIT follow.
FIRST_BATCH = 40

COLUMNS = ("name", "name_native", "languages", "category", "next_follow_up", "last_contact")
SORTABLE = {
    "name": "name",
    "name_native": "name",
    "next_follow_up": "next_follow_up",
    "last_contact": "last_contact",
}

ClientIdRole = Qt.ItemDataRole.UserRole + 1
OverdueRole = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class ListQuery:
    mine: bool = False
    follow_up: str = ""  # "", "due" (today or earlier), "overdue" (before today)
    status: str = ""  # FileStatus value or ""
    language: str = ""  # ISO 639 code or ""
    order: str = "name"
    descending: bool = False


class ClientTableModel(QAbstractTableModel):
    loaded = Signal(int)
    search_done = Signal(int)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.labels = Labels(ctx._)
        self.query = ListQuery()
        self.search_text = ""
        self.generation = 0
        self._count = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._requested: set[int] = set()
        self._search_rows: list[Any] | None = None
        self._more: Any = None  # fetches the rest of the current search when the view asks
        _ = ctx._
        self._headers = (
            _("Name"),
            _("Name (own script)"),
            _("Languages"),
            _("Category"),
            _("Next follow-up"),
            _("Last contact"),
        )

    # --- Qt model API -------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._search_rows) if self._search_rows is not None else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def row_at(self, row: int) -> Any | None:
        if self._search_rows is not None:
            return self._search_rows[row] if 0 <= row < len(self._search_rows) else None
        page = row // PAGE
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            return None
        self._pages.move_to_end(page)
        offset = row - page * PAGE
        return rows[offset] if offset < len(rows) else None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        client = self.row_at(index.row())
        column = COLUMNS[index.column()]
        if client is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(client, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(client, column)
        if role == ClientIdRole:
            return client.id
        if role == OverdueRole:
            return self._overdue(client)
        if role == Qt.ItemDataRole.ForegroundRole and column == "next_follow_up" and self._overdue(client):
            from PySide6.QtGui import QColor

            return QColor("#c0392b")
        if role == Qt.ItemDataRole.ToolTipRole and column == "next_follow_up" and self._overdue(client):
            return self.ctx._("Overdue")
        return None

    def _overdue(self, client: Any) -> bool:
        due = getattr(client, "next_follow_up", None)
        return due is not None and due < self.ctx.clock.today()

    def _display(self, client: Any, column: str) -> str:
        i18n = self.ctx.i18n
        if column == "name":
            return storeops.latin_name(client)
        if column == "name_native":
            return storeops.native_name(client)
        if column == "languages":
            return ", ".join(i18n.language_name(c) for c in (client.languages or ()))
        if column == "category":
            return self.labels.category(client.immigration_category)
        if column == "next_follow_up":
            return i18n.date(client.next_follow_up)
        if column == "last_contact":
            return i18n.date(client.last_contact)
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORTABLE.get(COLUMNS[column])
        if key is None:
            return
        self.set_query(replace(self.query, order=key, descending=order == Qt.SortOrder.DescendingOrder))

    # --- loading ------------------------------------------------------------------------------------

    def set_query(self, query: ListQuery) -> None:
        self.query = query
        self.reload()

    def _user_id(self) -> int | None:
        caseload = self.ctx.caseload
        return getattr(getattr(caseload, "user", None), "id", None)

    def reload(self) -> None:
        """Start over: count, then pages on demand (or re-run the search when one is active)."""
        if self.search_text:
            self.set_search(self.search_text)
            return
        if self.ctx.db is None:
            return
        self.generation += 1
        gen = self.generation
        query, user_id, today = self.query, self._user_id(), self.ctx.clock.today()
        DbOp(self, lambda cl: storeops.count_clients(cl, query, user_id, today)).success(
            lambda n: self._counted(gen, n)
        ).run(self.ctx.db)

    def _counted(self, gen: int, count: int) -> None:
        if gen != self.generation:
            return
        self.beginResetModel()
        self._search_rows = None
        self._count = count
        self._pages.clear()
        self._requested.clear()
        self.endResetModel()
        self.loaded.emit(count)

    def _request(self, page: int) -> None:
        if page in self._requested or self.ctx.db is None:
            return
        self._requested.add(page)
        gen = self.generation
        query, user_id, today = self.query, self._user_id(), self.ctx.clock.today()
        DbOp(self, lambda cl: storeops.list_clients(cl, query, user_id, today, page * PAGE, PAGE)).success(
            lambda rows: self._page_loaded(gen, page, rows)
        ).run(self.ctx.db)

    def _page_loaded(self, gen: int, page: int, rows: list[Any]) -> None:
        if gen != self.generation:
            return
        self._pages[page] = rows
        self._requested.discard(page)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        first = page * PAGE
        last = min(self._count, first + PAGE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def set_search(self, text: str) -> int:
        """Search on the worker; answers to older keystrokes are discarded. Returns the generation."""
        self.search_text = text.strip()
        self._more = None
        if not self.search_text:
            self.generation += 1
            self._search_rows = None
            self.reload()
            return self.generation
        self.generation += 1
        gen = self.generation
        if self.ctx.db is None:
            return gen
        text_now, query, user_id, today = (
            self.search_text,
            self.query,
            self._user_id(),
            self.ctx.clock.today(),
        )

        def search(cl: Any, limit: int) -> list[Any] | None:
            # Read on the worker: a newer keystroke already made this query stale, so skip the SQL.
            if gen != self.generation:
                return None
            return storeops.search_clients(cl, text_now, query, user_id, today, limit)

        def first(rows: list[Any] | None) -> None:
            if rows is None or gen != self.generation:
                return
            self._searched(gen, rows)
            # More rows (up to SEARCH_LIMIT) only when the view scrolls to the end: fetchMore().
            self._more = (
                (lambda: DbOp(self, lambda cl: search(cl, SEARCH_LIMIT)).success(more).run(self.ctx.db))
                if (len(rows) >= FIRST_BATCH and self.ctx.db is not None)
                else None
            )

        def more(rows: list[Any] | None) -> None:
            if rows is None or gen != self.generation or self._search_rows is None:
                return
            shown = [r.id for r in self._search_rows]
            if [r.id for r in rows[: len(shown)]] == shown:
                extra = rows[len(shown) :]
                if extra:
                    self.beginInsertRows(QModelIndex(), len(shown), len(shown) + len(extra) - 1)
                    self._search_rows.extend(extra)
                    self.endInsertRows()
            else:
                self.beginResetModel()
                self._search_rows = list(rows)
                self.endResetModel()
            self.loaded.emit(len(self._search_rows))

        DbOp(self, lambda cl: search(cl, FIRST_BATCH)).success(first).run(self.ctx.db)
        return gen

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more is not None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        more, self._more = self._more, None
        if more is not None:
            more()

    def _searched(self, gen: int, rows: list[Any]) -> None:
        if gen != self.generation:
            return
        self.beginResetModel()
        self._search_rows = list(rows)
        self._pages.clear()
        self._requested.clear()
        self.endResetModel()
        self.loaded.emit(len(rows))
        self.search_done.emit(gen)

    def clear(self) -> None:
        """Forget every row (locking): nothing about any client stays in memory here."""
        self.generation += 1
        self.beginResetModel()
        self._count = 0
        self._pages.clear()
        self._requested.clear()
        self._search_rows = None
        self.search_text = ""
        self.endResetModel()

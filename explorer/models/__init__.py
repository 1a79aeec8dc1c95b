"""Qt item models adapting the plain data of :mod:`explorer.clusterdata` for views."""

from PySide6.QtCore import QModelIndex, Qt

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
"""Raw values (numbers as numbers) for sorting proxies."""
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
"""The plain object behind a row."""
NO_PARENT = QModelIndex()
"""The invalid index, as a shared default argument."""

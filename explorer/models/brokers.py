"""Brokers of a cluster: id, address, rack, controller."""

from __future__ import annotations

from PySide6.QtCore import QObject

from explorer.clusterdata import BrokerRow
from explorer.models.table import Column, RowTableModel

CONTROLLER_TIP = (
    "The broker the cluster's metadata names as controller. A KRaft cluster keeps its "
    "controllers hidden from clients and names a broker that forwards to them."
)

COLUMNS: list[Column[BrokerRow]] = [
    Column("ID", lambda b: str(b.node_id), lambda b: b.node_id, numeric=True),
    Column("Host", lambda b: b.host),
    Column("Port", lambda b: str(b.port), lambda b: b.port, numeric=True),
    Column("Rack", lambda b: b.rack or ""),
    Column(
        "Controller",
        lambda b: "yes" if b.is_controller else "",
        lambda b: b.is_controller,
        tooltip=lambda b: CONTROLLER_TIP if b.is_controller else None,
    ),
]


class BrokersModel(RowTableModel[BrokerRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)

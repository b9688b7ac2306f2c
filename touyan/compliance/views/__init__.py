from .dashboard import DashboardView, ExportView
from .snapshots import SnapshotDownloadView, SnapshotListView
from .subjects import CellView, MineView, SubjectView

__all__ = [
    "CellView",
    "DashboardView",
    "ExportView",
    "MineView",
    "SnapshotDownloadView",
    "SnapshotListView",
    "SubjectView",
]

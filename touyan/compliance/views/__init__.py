from .dashboard import DashboardView, ExportView
from .subjects import CellView, MineView, SubjectView

__all__ = ["CellView", "DashboardView", "ExportView", "MineView", "SubjectView"]

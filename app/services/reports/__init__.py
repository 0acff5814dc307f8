"""Station reports: 月分析 (monthly), 季调度 (quarterly), 年考核 (yearly) for a village, township or
county, computed from dated history as of the period's end (docs/reports.md).

``period`` reads 2026-10 / 2026-Q4 / 2026; ``scope`` resolves a division code; ``history`` reads
the dated rows of a scope once; ``figures`` and ``attention`` compute from them; ``service``
puts a report together and writes it as PDF or Excel (``excel``)."""

from app.printing.analysis_data import ReportData, key_figures
from app.services.reports.attention import ATTENTION_KINDS, AttentionRules, working_days
from app.services.reports.period import Period, ReportKind, parse_period
from app.services.reports.scope import ReportScope, resolve_scope
from app.services.reports.service import OUTPUTS, ReportService, report_dict

__all__ = [
    "ATTENTION_KINDS", "OUTPUTS", "AttentionRules", "Period", "ReportData", "ReportKind", "ReportScope",
    "ReportService", "key_figures", "parse_period", "report_dict", "resolve_scope", "working_days",
]

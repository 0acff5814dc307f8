"""Excel import of village ledgers and export of the standard ledgers (see docs/excel.md)."""

from app.services.excel.importing import (
    Cancelled,
    ExcelImportService,
    ImportCancelled,
    ImportResult,
    ImportSource,
    Progress,
)
from app.services.excel.ledgers import LEDGERS, LedgerExporter, LedgerKind, ledger_kind

__all__ = ["LEDGERS", "Cancelled", "ExcelImportService", "ImportCancelled", "ImportResult", "ImportSource",
           "LedgerExporter", "LedgerKind", "Progress", "ledger_kind"]

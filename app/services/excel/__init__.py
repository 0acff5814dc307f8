"""Excel import of village ledgers and export of the standard ledgers (see docs/excel.md)."""

from app.services.excel.importing import (
    Cancelled,
    ExcelImportService,
    ImportCancelled,
    ImportResult,
    ImportSource,
    Progress,
)

__all__ = ["Cancelled", "ExcelImportService", "ImportCancelled", "ImportResult", "ImportSource", "Progress"]

"""What printed documents read from the database, and one entry point per document.

The readers return plain values from app/printing/data.py (the drawing code in app/printing
never touches the store): ``places`` (villages, areas, contacts), ``cards`` (帮扶明白卡 one at a
time or a whole area in pages), ``station`` (公示 cases, 台账, 走访计划, 月度分析).
``write_document`` and ``write_card_files`` read and write in one call for the 打印 page and the
command line (docs/printing.md).
"""

from app.printing.batch import PrintCancelled
from app.printing.data import Area, PostingCase, Village
from app.services.printouts.cards import CardBatch, card, card_batch, card_data, household_ids, village_cards
from app.services.printouts.documents import (
    DOCUMENT_TITLES,
    DocumentKind,
    PrintRequest,
    PrintResult,
    write_card_files,
    write_document,
)
from app.services.printouts.places import area, contacts, scope_name, village
from app.services.printouts.station import due_lists, ledger_rows, month_end, monthly, posting_cases

__all__ = [
    "DOCUMENT_TITLES", "Area", "CardBatch", "DocumentKind", "PostingCase", "PrintCancelled",
    "PrintRequest", "PrintResult", "Village", "area", "card", "card_batch", "card_data", "contacts",
    "due_lists", "household_ids", "ledger_rows", "month_end", "monthly", "posting_cases",
    "scope_name", "village", "village_cards", "write_card_files", "write_document",
]

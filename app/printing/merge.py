"""Concatenate PDFs into one file as they come, holding only one source at a time.

reportlab keeps every page of a document in memory until ``save``; a batch of ten thousand cards
is therefore written as chunks of a few hundred cards, each a complete small PDF, and this writer
copies each chunk's pages (and everything they use: content streams, fonts) straight into the
output with renumbered objects. What stays in memory is one integer per object (its offset) and
one per page, so memory is flat whatever the count.

Each chunk brings its own subset of the font; that costs some tens of kilobytes per chunk, not
per card.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

CATALOG, PAGES, INFO = 1, 2, 3
PARENT = NameObject("/Parent")


class PdfConcatenator:
    """``append`` whole PDFs, then ``close`` to write the page tree, catalog and cross-reference
    table. The output is a plain PDF 1.4 file."""

    def __init__(self, out: BinaryIO, title: str, creator: str) -> None:
        self.out = out
        self.title, self.creator = title, creator
        self.offsets: dict[int, int] = {}
        self.pages: list[int] = []
        self.next_id = INFO + 1
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def append(self, source: Path) -> int:
        """Copy every page of ``source``; returns how many."""
        reader = PdfReader(source)
        renumbered: dict[int, int] = {}
        queue: list[int] = []

        def new_ref(ref: IndirectObject) -> IndirectObject:
            number = renumbered.get(ref.idnum)
            if number is None:
                number = renumbered[ref.idnum] = self._allocate()
                queue.append(ref.idnum)
            return IndirectObject(number, 0, None)

        def remap(value: PdfObject) -> PdfObject:
            if isinstance(value, IndirectObject):
                return new_ref(value)
            if isinstance(value, DictionaryObject):  # stream objects too
                for key, item in list(dict.items(value)):
                    dict.__setitem__(value, key, remap(item))
            elif isinstance(value, ArrayObject):
                for index, item in enumerate(list.__iter__(value)):
                    list.__setitem__(value, index, remap(item))
            return value

        added = 0
        for page in reader.pages:
            reference = page.indirect_reference
            if reference is None:
                raise ValueError(f"{source}: a page without an object number")
            self.pages.append(new_ref(reference).idnum)
            added += 1
        while queue:
            source_id = queue.pop()
            target = renumbered[source_id]
            value = reader.get_object(source_id)
            if value is None:
                raise ValueError(f"{source}: object {source_id} is missing")
            if isinstance(value, DictionaryObject) and value.get("/Type") == "/Page":
                # The page joins the output's page tree, not the chunk's.
                dict.pop(value, PARENT, None)
                remap(value)
                dict.__setitem__(value, PARENT, IndirectObject(PAGES, 0, None))
            else:
                remap(value)
            self._write(target, value)
        return added

    def close(self) -> None:
        kids = " ".join(f"{n} 0 R" for n in self.pages)
        self._write_raw(PAGES, f"<< /Type /Pages /Count {len(self.pages)} /Kids [{kids}] >>")
        self._write_raw(CATALOG, f"<< /Type /Catalog /Pages {PAGES} 0 R >>")
        self._write_raw(INFO, f"<< /Title {_text(self.title)} /Creator {_text(self.creator)} "
                              f"/Producer {_text(self.creator)} >>")
        out = self.out
        start = out.tell()
        size = self.next_id
        out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode())
        out.write(b"".join(f"{self.offsets[n]:010d} 00000 n \n".encode() for n in range(1, size)))
        out.write(f"trailer\n<< /Size {size} /Root {CATALOG} 0 R /Info {INFO} 0 R >>\n"
                  f"startxref\n{start}\n%%EOF\n".encode())

    def _allocate(self) -> int:
        number = self.next_id
        self.next_id += 1
        return number

    def _write(self, number: int, value: PdfObject) -> None:
        self.offsets[number] = self.out.tell()
        self.out.write(f"{number} 0 obj\n".encode())
        value.write_to_stream(self.out)
        self.out.write(b"\nendobj\n")

    def _write_raw(self, number: int, body: str) -> None:
        self.offsets[number] = self.out.tell()
        self.out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())


def _text(value: str) -> str:
    """A PDF text string in UTF-16BE with its byte-order mark: readers show Chinese titles."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"

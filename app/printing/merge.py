"""Concatenate PDFs into one file as they come, holding only one source at a time.

reportlab keeps every page of a document in memory until ``save``; a batch of ten thousand cards
is therefore written as chunks of a few hundred cards, each a complete small PDF, and this writer
copies each chunk's pages (and everything they use: content streams, fonts) straight into the
output with renumbered objects. What stays in memory is one integer per object (its offset) and
one per page, so memory is flat whatever the count.

The sources are the chunks reportlab just wrote, so this reads exactly that form of PDF: a
classic cross-reference table (no object streams, no incremental updates, no encryption) and
direct stream lengths. Objects are copied as bytes: only the references in each object's
dictionary part are renumbered; stream data is never decoded or re-encoded. Anything else is
refused with ValueError rather than guessed at.

Each chunk brings its own subsets of the font; that costs about 75 kB per chunk of 250 cards,
not per card.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

CATALOG, PAGES, INFO = 1, 2, 3

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF = re.compile(rb"xref\s+(\d+) (\d+)\s+")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_HEADER = re.compile(rb"(\d+) 0 obj\s*")
_REF = re.compile(rb"(\d+) 0 R(?![A-Za-z])")
_PARENT = re.compile(rb"/Parent \d+ 0 R(?![A-Za-z])")
_ROOT = re.compile(rb"/Root (\d+) 0 R")
_PAGES_REF = re.compile(rb"/Pages (\d+) 0 R")
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_PAGES_TYPE = re.compile(rb"/Type\s*/Pages(?![A-Za-z])")


class PdfConcatenator:
    """``append`` whole PDFs, then ``close`` to write the page tree, catalog and cross-reference
    table. The output is a plain PDF 1.4 file."""

    def __init__(self, out: BinaryIO, title: str, creator: str) -> None:
        self.out = out
        self.title, self.creator = title, creator
        self.offsets: list[int] = [0, 0, 0, 0]  # by object number; 1-3 are written at the end
        self.pages: list[int] = []
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def append(self, source: Path) -> int:
        """Copy every page of ``source`` and what it uses; returns how many pages."""
        chunk = _Chunk(source.read_bytes(), source)
        renumbered: dict[int, int] = {}
        queue: list[int] = []

        def new_number(number: int) -> int:
            target = renumbered.get(number)
            if target is None:
                target = renumbered[number] = len(self.offsets)
                self.offsets.append(0)
                queue.append(number)
            return target

        def renumber(match: re.Match[bytes]) -> bytes:
            return b"%d 0 R" % new_number(int(match.group(1)))

        page_numbers = chunk.pages()
        for number in page_numbers:
            self.pages.append(new_number(number))
        pages = set(page_numbers)
        while queue:
            number = queue.pop()
            head, tail = chunk.parts(number)
            if number in pages:
                # The page joins the output's page tree, not the chunk's.
                head = _PARENT.sub(b"", head, count=1)
                head = _REF.sub(renumber, head).replace(b"<<", b"<< /Parent %d 0 R" % PAGES, 1)
            else:
                head = _REF.sub(renumber, head)
            self.offsets[renumbered[number]] = self.out.tell()
            self.out.write(b"%d 0 obj\n" % renumbered[number])
            self.out.write(head)
            self.out.write(tail)
        return len(page_numbers)

    def close(self) -> None:
        kids = " ".join(f"{n} 0 R" for n in self.pages)
        self._write_raw(PAGES, f"<< /Type /Pages /Count {len(self.pages)} /Kids [{kids}] >>")
        self._write_raw(CATALOG, f"<< /Type /Catalog /Pages {PAGES} 0 R >>")
        self._write_raw(INFO, f"<< /Title {_text(self.title)} /Creator {_text(self.creator)} "
                              f"/Producer {_text(self.creator)} >>")
        out = self.out
        start = out.tell()
        size = len(self.offsets)
        out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode())
        out.write(b"".join(b"%010d 00000 n \n" % offset for offset in self.offsets[1:]))
        out.write(f"trailer\n<< /Size {size} /Root {CATALOG} 0 R /Info {INFO} 0 R >>\n"
                  f"startxref\n{start}\n%%EOF\n".encode())

    def _write_raw(self, number: int, body: str) -> None:
        self.offsets[number] = self.out.tell()
        self.out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())


class _Chunk:
    """One source PDF as bytes, with where each object starts and ends."""

    def __init__(self, data: bytes, source: Path) -> None:
        self.data, self.source = data, source
        found = _STARTXREF.search(data, max(0, len(data) - 64))
        if found is None:
            raise self._refused("no startxref at the end")
        xref_at = int(found.group(1))
        table = _XREF.match(data, xref_at)
        if table is None or table.group(1) != b"0":
            raise self._refused("not a single classic cross-reference table")
        count = int(table.group(2))
        self.starts: dict[int, int] = {}
        position = table.end()
        for number in range(count):
            entry = _ENTRY.match(data, position)
            if entry is None:
                raise self._refused(f"cross-reference entry {number} unreadable")
            if entry.group(3) == b"n":
                if entry.group(2) != b"00000":
                    raise self._refused("objects of a later generation")
                self.starts[number] = int(entry.group(1))
            position = entry.end()
            while data[position:position + 1] in (b" ", b"\r", b"\n"):
                position += 1
        ordered = sorted(self.starts.values())
        self.ends = dict(zip(ordered, [*ordered[1:], xref_at], strict=True))
        root = _ROOT.search(data, position)
        if root is None:
            raise self._refused("no /Root in the trailer")
        self.root = int(root.group(1))

    def parts(self, number: int) -> tuple[bytes, bytes]:
        """The object's dictionary part (where references are) and the rest (stream data and
        ``endobj``), without its ``n 0 obj`` header."""
        start = self.starts.get(number)
        if start is None:
            raise self._refused(f"object {number} is missing")
        header = _HEADER.match(self.data, start)
        if header is None or int(header.group(1)) != number:
            raise self._refused(f"object {number} is not where the table says")
        end = self.ends[start]
        stream = self.data.find(b"stream", header.end(), end)
        split = end if stream < 0 else stream
        return self.data[header.end():split], self.data[split:end]

    def pages(self) -> list[int]:
        """The page objects in order, walking the page tree from the catalog."""
        catalog, _ = self.parts(self.root)
        tree = _PAGES_REF.search(catalog)
        if tree is None:
            raise self._refused("no page tree")
        found: list[int] = []
        self._walk(int(tree.group(1)), found, depth=0)
        return found

    def _walk(self, number: int, found: list[int], depth: int) -> None:
        if depth > 32:
            raise self._refused("page tree too deep")
        node, _ = self.parts(number)
        if not _PAGES_TYPE.search(node):
            found.append(number)
            return
        kids = _KIDS.search(node)
        if kids is None:
            raise self._refused(f"page tree node {number} without /Kids")
        for kid in _REF.finditer(kids.group(1)):
            self._walk(int(kid.group(1)), found, depth + 1)

    def _refused(self, reason: str) -> ValueError:
        return ValueError(f"{self.source}: not a PDF this writer can copy ({reason})")


def _text(value: str) -> str:
    """A PDF text string in UTF-16BE with its byte-order mark: readers show Chinese titles."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"

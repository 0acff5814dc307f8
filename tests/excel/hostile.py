"""Hostile spreadsheets, built cheaply by the tests themselves: a far-away cell, a zip bomb, a sheet of
a million rows. Each is a few KB to a few MB on disk, however large it claims or unpacks to.

The zip is written by hand (local headers, raw deflate data, central directory) so the bomb's
compressed stream can be one compressed MiB of spaces repeated: its size and CRC are computed, not
produced by compressing gigabytes.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{sheets}</Types>')
SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              f'<worksheet xmlns="{MAIN}"><dimension ref="{{ref}}"/><sheetData>')
SHEET_TAIL = "</sheetData></worksheet>"
MIB = 1 << 20


def _workbook_parts(names: list[str]) -> dict[str, str]:
    sheets = "".join(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1))
    rels = "".join(f'<Relationship Id="rId{n}" Type="{RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                   for n in range(1, len(names) + 1))
    return {
        "[Content_Types].xml": CONTENT_TYPES.format(
            sheets="".join(SHEET_TYPE.format(n=n) for n in range(1, len(names) + 1))),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" '
                            f'xmlns:r="{RELS}"><sheets>{sheets}</sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                       '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                       f'relationships">{rels}</Relationships>'),
    }


def write_xlsx(path: Path, sheets: dict[str, Iterable[str]], *, ref: str = "A1") -> Path:
    """An .xlsx whose sheets' <sheetData> is the given XML, streamed (so a million rows stay cheap).
    ``ref`` is what every sheet's <dimension> claims."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _workbook_parts(list(sheets)).items():
            archive.writestr(name, text)
        for n, body in enumerate(sheets.values(), 1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as stream:
                stream.write(SHEET_HEAD.format(ref=ref).encode())
                batch: list[str] = []
                for piece in body:
                    batch.append(piece)
                    if len(batch) >= 4096:
                        stream.write("".join(batch).encode())
                        batch.clear()
                stream.write("".join(batch).encode())
                stream.write(SHEET_TAIL.encode())
    return path


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def far_cell_xlsx(path: Path, far: str = "XFD1048576") -> Path:
    """A1 and one far-away cell; the <dimension> lies (claims A1:B2). About 1.6 KB."""
    row = int("".join(ch for ch in far if ch.isdigit()))
    return write_xlsx(path, {"花名册": [f'<row r="1">{text_cell("A1", "姓名")}</row>',
                                     f'<row r="{row}"><c r="{far}"><v>1</v></c></row>']}, ref="A1:B2")


def rows_xlsx(path: Path, rows: int, *, columns: int = 3) -> Path:
    """A header and ``rows - 1`` data rows of ``columns`` numbers: a real-looking sheet, streamed."""
    letters = [chr(ord("A") + i) for i in range(columns)]

    def body() -> Iterator[str]:
        yield '<row r="1">' + "".join(text_cell(f"{c}1", f"列{c}") for c in letters) + "</row>"
        for r in range(2, rows + 1):
            yield f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in letters) + "</row>"

    return write_xlsx(path, {"花名册": body()}, ref=f"A1:{letters[-1]}{rows}")


# The bomb: one compressed MiB of spaces (1 KB of deflate data, byte-aligned and independent of
# what came before thanks to a full flush) repeated, inside a hand-written zip.

def _crc_of_repeats(block: bytes, times: int, start: int) -> int:
    """zlib.crc32 of ``block`` repeated ``times`` times after ``start``, without reading it all:
    crc32(block, v) is affine in v over GF(2), so its power is found by squaring."""
    def affine(image_of_zero: int, linear: list[int], value: int) -> int:
        out = image_of_zero
        for bit in range(32):
            if value >> bit & 1:
                out ^= linear[bit]
        return out

    zero = zlib.crc32(block, 0)
    step = (zero, [zlib.crc32(block, 1 << bit) ^ zero for bit in range(32)])
    result = (0, [1 << bit for bit in range(32)])  # the identity

    def compose(f: tuple[int, list[int]], g: tuple[int, list[int]]) -> tuple[int, list[int]]:  # f after g
        return affine(f[0], f[1], g[0]), [affine(0, f[1], image) for image in g[1]]

    while times:
        if times & 1:
            result = compose(step, result)
        step = compose(step, step)
        times >>= 1
    return affine(result[0], result[1], start)


def _raw_deflate(data: bytes, final: bool) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def bomb_xlsx(path: Path, mebibytes: int) -> Path:
    """A valid .xlsx whose only sheet unpacks to ``mebibytes`` MiB (of spaces between the cells);
    about 1 KB on disk per MiB unpacked. Keep it under 4096 MiB (no zip64 here)."""
    assert mebibytes < 4096
    head = (SHEET_HEAD.format(ref="A1") + '<row r="1">' + text_cell("A1", "姓名") + "</row>").encode()
    tail = SHEET_TAIL.encode()
    blank = b" " * MIB
    body = _raw_deflate(blank, final=False)
    crc = zlib.crc32(tail, _crc_of_repeats(blank, mebibytes, zlib.crc32(head)))
    sheet = (crc, len(head) + mebibytes * MIB + len(tail),
             [_raw_deflate(head, final=False), *([body] * mebibytes), _raw_deflate(tail, final=True)])
    entries = {name: (zlib.crc32(text.encode()), len(text.encode()), [_raw_deflate(text.encode(), final=True)])
               for name, text in _workbook_parts(["花名册"]).items()}
    entries["xl/worksheets/sheet1.xml"] = sheet
    with path.open("wb") as out:
        directory = []
        for name, (crc, size, pieces) in entries.items():
            encoded, offset = name.encode(), out.tell()
            compressed = sum(len(p) for p in pieces)
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x0800, 8, 0, 0x21, crc, compressed, size,
                                  len(encoded), 0) + encoded)
            for piece in pieces:
                out.write(piece)
            directory.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x0800, 8, 0, 0x21, crc,
                                         compressed, size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
        start = out.tell()
        out.write(b"".join(directory))
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                              out.tell() - start, start, 0))
    return path

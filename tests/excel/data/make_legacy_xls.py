"""Writes legacy_roster.xls: a small roster in the Excel 97–2003 format (BIFF8 in an OLE2 file).

No maintained Python package writes .xls any more (xlwt was archived in 2017), so this script
writes the records itself, following [MS-XLS] and [MS-CFB]: a workbook globals substream (BOF,
CODEPAGE, WINDOW1, FONT, FORMAT, XF, STYLE, BOUNDSHEET8, SST, EOF) and one substream per sheet
(BOF, DIMENSIONS, WINDOW2, MERGEDCELLS, LABELSST / NUMBER cells, EOF), in a version-3 compound
file with 512-byte sectors. What it holds is what villages' old .xls rosters hold: a merged title
row, ID numbers as text and one typed as a number (its last digits lost), a birth date as a date
cell, amounts as numbers, the household only on its first row, and a hidden code sheet.

    python tests/excel/data/make_legacy_xls.py     # rewrites legacy_roster.xls beside it

The output is the same on every run (tests/excel/test_legacy_xls.py checks it).
"""

from __future__ import annotations

import struct
import sys
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from app.domain.idnumber import make_id_number

OUT = Path(__file__).with_name("legacy_roster.xls")
DATE_XF = 16  # the cell format of date cells (yyyy-mm-dd); 15 is the default cell format


def people() -> list[str]:
    """Six valid ID numbers; the third ends in X (written in lower case in the sheet)."""
    numbers = [make_id_number("131122", date(1960 + i * 7, 1 + i, 10 + i), 21 + 2 * i) for i in range(6)]
    numbers[2] = next(n for n in (make_id_number("131122", date(2005, 3, 12), s) for s in range(1, 999))
                      if n.endswith("X"))
    return numbers


def sheets() -> list[tuple[str, bool, list[list[Any]], list[tuple[int, int, int, int]]]]:
    """(name, hidden, rows, merges (first row, last row, first col, last col)); a float cell in
    the 出生日期 column is a date serial written with the date format."""
    a, b, c, d, e, f = people()
    roster = [
        ["东街村2019年防止返贫监测对象花名册", None, None, None, None, None, None, None],
        ["序号", "户编号", "户主姓名", "姓名", "与户主关系", "身份证号码", "出生日期", "工资性收入"],
        [1.0, "0001", "张建国", "张建国", "户主", a, 21925.0, 12000.0],
        [None, None, None, "李秀英", "妻", b, None, None],
        [None, None, None, "张小明", "儿子", " " + c.lower(), None, None],
        [2.0, "0002", "王立", "王立", "户主", d, None, "8,000元"],
        [None, None, None, "王芳", "长女", 1.30102199001011e17, None, None],
        [3.0, "0003", "赵三", "赵三", "户主", e, None, 6500.5],
        [None, None, None, "钱四", "配偶", f, None, None],
    ]
    codes = [["与户主关系"], ["户主"], ["配偶"], ["之子"], ["之女"]]
    return [("花名册", False, roster, [(0, 0, 0, 7)]), ("代码表", True, codes, [])]


def record(kind: int, data: bytes) -> bytes:
    assert len(data) <= 8224, "a record longer than 8224 bytes needs CONTINUE records"
    return struct.pack("<HH", kind, len(data)) + data


def short_string(text: str) -> bytes:
    """ShortXLUnicodeString: one-byte length, then Latin-1 or UTF-16LE characters."""
    if text.isascii():
        return struct.pack("<BB", len(text), 0) + text.encode("latin-1")
    return struct.pack("<BB", len(text), 1) + text.encode("utf-16-le")


def long_string(text: str) -> bytes:
    """XLUnicodeString: two-byte length, then Latin-1 or UTF-16LE characters."""
    if text.isascii():
        return struct.pack("<HB", len(text), 0) + text.encode("latin-1")
    return struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")


def bof(kind: int) -> bytes:
    return record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def xf(font: int, number_format: int, style: bool) -> bytes:
    flags = 0xFFF5 if style else 0x0001  # style XF (no parent) / locked cell XF with parent 0
    return record(0x00E0, struct.pack("<HHHBBBBIIH", font, number_format, flags, 0x20, 0, 0,
                                      0 if style else 0xF8, 0, 0, 0x20C0))


def globals_stream(names: list[tuple[str, bool]], strings: list[str], sheet_offsets: list[int]) -> bytes:
    parts = [bof(0x0005), record(0x0042, struct.pack("<H", 1200)),  # CODEPAGE: UTF-16
             record(0x003D, struct.pack("<HHHHHHHHH", 0, 0, 0x4000, 0x2000, 0x38, 0, 0, 1, 0x258))]
    font = record(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0x86, 0) + short_string("宋体"))
    parts += [font] * 5
    parts.append(record(0x041E, struct.pack("<H", 164) + long_string("yyyy-mm-dd")))
    parts += [xf(0, 0, style=True) for _ in range(15)]
    parts += [xf(0, 0, style=False), xf(0, 164, style=False)]
    parts.append(record(0x0293, struct.pack("<HBB", 0x8000, 0, 0xFF)))  # STYLE: Normal
    for (name, hidden), offset in zip(names, sheet_offsets, strict=True):
        parts.append(record(0x0085, struct.pack("<IBB", offset, 1 if hidden else 0, 0) + short_string(name)))
    parts.append(record(0x00FC, struct.pack("<II", len(strings), len(strings))
                        + b"".join(long_string(s) for s in strings)))
    parts.append(record(0x000A, b""))
    return b"".join(parts)


def sheet_stream(rows: list[list[Any]], merges: list[tuple[int, int, int, int]], strings: dict[str, int],
                 selected: bool) -> bytes:
    width = max(len(r) for r in rows)
    parts = [bof(0x0010), record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0)),
             record(0x023E, struct.pack("<HHHHHHHI", 0x06B6 if selected else 0x02B6, 0, 0, 64, 0, 0, 0, 0))]
    if merges:
        parts.append(record(0x00E5, struct.pack("<H", len(merges))
                            + b"".join(struct.pack("<HHHH", *m) for m in merges)))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                parts.append(record(0x00FD, struct.pack("<HHHI", r, c, 15, strings[value])))
            elif isinstance(value, float):
                style = DATE_XF if r > 1 and rows[1][c] == "出生日期" else 15
                parts.append(record(0x0203, struct.pack("<HHHd", r, c, style, value)))
    parts.append(record(0x000A, b""))
    return b"".join(parts)


def workbook_stream() -> bytes:
    content = sheets()
    strings: dict[str, int] = {}
    for _, _, rows, _ in content:
        for row in rows:
            for value in row:
                if isinstance(value, str):
                    strings.setdefault(value, len(strings))
    names = [(name, hidden) for name, hidden, _, _ in content]
    bodies = [sheet_stream(rows, merges, strings, i == 0) for i, (_, _, rows, merges) in enumerate(content)]
    size = len(globals_stream(names, list(strings), [0] * len(content)))
    offsets, at = [], size
    for body in bodies:
        offsets.append(at)
        at += len(body)
    stream = globals_stream(names, list(strings), offsets) + b"".join(bodies)
    # A stream under 4096 bytes would belong in the compound file's mini stream; the zeros after
    # the last EOF record keep it a normal stream (readers stop at the EOF record).
    return stream.ljust(4096, b"\0")


def compound_file(stream: bytes) -> bytes:
    """An OLE2 compound file (version 3) holding the one stream "Workbook"."""
    sector = 512
    data_sectors = -(-len(stream) // sector)
    assert data_sectors + 2 <= 128, "one FAT sector maps 128 sectors"
    end, free, fat_mark = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat = [fat_mark] + [i + 2 for i in range(data_sectors - 1)] + [end] + [end]  # FAT, data…, directory
    fat += [free] * (128 - len(fat))
    directory_sector = 1 + data_sectors
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(16)
              + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, directory_sector, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    assert len(header) == sector

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1 if name else 0)
                + struct.pack("<III", free, free, child) + bytes(16) + bytes(4) + bytes(16)
                + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, free, 1, len(stream))
                 + entry("", 0, free, 0, 0) * 2)
    return (header + struct.pack("<128I", *fat) + stream.ljust(data_sectors * sector, b"\0") + directory)


def build() -> bytes:
    return compound_file(workbook_stream())


if __name__ == "__main__":
    OUT.write_bytes(build())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")

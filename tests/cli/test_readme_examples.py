"""Every command of the README's "简明使用指南（命令行）" block runs as written.

The ```sh block is read from README.md and run line by line, in order, in a fresh folder (the examples
use relative names such as 武邑镇.db), through `app.cli.main` in this process. The notation of the
block is expanded the way a reader would:

- ``monthly|quarterly|yearly … 2026-10|2026-Q3|2026``: the alternatives of a line go together by
  position (monthly with 2026-10, …), each one run;
- ``[--scope 代码] [--json | --out 报表.pdf|报表.xlsx]``: the line runs without the optional parts,
  then once with each alternative of each part;
- placeholders (户编码, 户编号, 代码, …) become real values read from the demo database the block made.

Each run must exit 0, write no error, and leave every file it was asked to write (--out, --report).
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.cli import main
from app.domain.idnumber import make_id_number
from app.services.setup import open_context
from app.store.models import Household
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## 简明使用指南（命令行）"
VILLAGE = "131122100201"
DEMO_HOUSEHOLDS = 50  # the README asks for 5000; the same command with fewer keeps the test short
ROSTER_HOUSEHOLDS = 3

# Text of the block a test run changes before parsing: what differs only in size or in where it runs.
REWRITES = {
    "--households 5000": f"--households {DEMO_HOUSEHOLDS}",
    "resources/forms/": f"{ROOT}/resources/forms/",
}


def readme_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    section = section[:section.index("\n## ", len(SECTION))]
    match = re.search(r"^```sh\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    assert match, "the section has no ```sh block"
    return match.group(1)


def alternatives(words: list[str]) -> list[list[str]]:
    """``a|b|c`` words taken together by position; a shorter list of alternatives repeats."""
    split = [word.split("|") for word in words]
    count = max((len(options) for options in split), default=1)
    return [[options[i % len(options)] for options in split] for i in range(count)]


def expand(line: str) -> list[list[str]]:
    """The argument lists one README line stands for (without the leading ``fangpin``)."""
    optional = re.findall(r"\[([^\]]+)\]", line)
    words = shlex.split(re.sub(r"\s*\[[^\]]+\]", "", line), comments=True)
    assert words[0] == "fangpin", line
    mains = alternatives(words[1:])
    extras = [choice for group in optional for alternative in group.split(" | ")
              for choice in alternatives(shlex.split(alternative))]
    return mains + [mains[i % len(mains)] + extra for i, extra in enumerate(extras)]


def commands(block: str) -> list[tuple[str, list[str]]]:
    """(README line, argument list) for every run, in the block's order; the password is set aside."""
    for old, new in REWRITES.items():
        assert old in block, f"the README no longer contains {old!r}: update REWRITES"
        block = block.replace(old, new)
    runs: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            assert line.startswith("export FANGPIN_PASSWORD="), line
            continue
        runs.extend((line, argv) for argv in expand(line))
    return runs


class Placeholders:
    """The README's placeholders, read from 演示.db the first time a command needs one."""

    NAMES = ("户编码前8位以上", "户编码", "户编号", "代码")

    def __init__(self, folder: Path, outputs: dict[str, str]) -> None:
        self.folder = folder
        self.outputs = outputs
        self.values: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        if word == "指纹":  # what the station printed when it accepted, as the people compare it by phone
            accepted = next(out for command, out in self.outputs.items() if command.startswith("enroll accept"))
            return re.search(r"指纹：((?:\d{5} ?){6})", accepted).group(1).strip()
        if word not in self.NAMES:
            return word
        if not self.values:
            self.values = self._read()
        return self.values[word]

    def _read(self) -> dict[str, str]:
        ctx = open_context(self.folder / "演示.db", PASSWORD)
        try:
            with ctx.db.read() as session:
                rows = session.execute(select(Household.id, Household.household_number)
                                       .where(Household.village_code == VILLAGE)).all()
        finally:
            ctx.db.close()
        assert rows, "the demo put no household in the README's village"
        ids = [household_id for household_id, _number in rows]
        chosen, number = next((i, n) for i, n in rows if n)
        length = next(size for size in range(8, len(chosen) + 1)
                      if sum(i.startswith(chosen[:size]) for i in ids) == 1)
        return {"户编码前8位以上": chosen[:length], "户编码": chosen, "户编号": number, "代码": VILLAGE}


def village_roster(folder: Path) -> Path:
    """花名册.xlsx as a village keeps it: one row per person, no 村 column (the README gives --village)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(["户编号", "户主姓名", "姓名", "与户主关系", "身份证号", "联系电话"])
    for n in range(1, ROSTER_HOUSEHOLDS + 1):
        head = make_id_number("131122", date(1931, 1, n), 2 * n + 1)
        child = make_id_number("131122", date(1960, 1, n), 2 * n)
        sheet.append([f"R{n:03d}", f"花名册户主{n}", f"花名册户主{n}", "户主", head, "13800001111"])
        sheet.append([f"R{n:03d}", f"花名册户主{n}", f"花名册子女{n}", "之子", child, None])
    roster = folder / "花名册.xlsx"
    book.save(roster)
    return roster


def run(argv: list[str]) -> int:
    """`fangpin argv` in this process; argparse's refusals (SystemExit) become their exit code."""
    try:
        return main(argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 2


def written_files(argv: list[str]) -> list[str]:
    return [argv[i + 1] for i, word in enumerate(argv[:-1]) if word in ("--out", "--report")]


def test_the_block_is_read_and_expanded() -> None:
    runs = commands(readme_block())
    lines = [argv[:2] for _line, argv in runs]
    assert ["report", "monthly"] in lines and ["report", "yearly"] in lines
    report_runs = [argv for _line, argv in runs if argv[0] == "report"]
    assert ["report", "quarterly", "--db", "演示.db", "--period", "2026-Q3"] in report_runs
    assert ["report", "monthly", "--db", "演示.db", "--period", "2026-10", "--scope", "代码"] in report_runs
    assert any(argv[-2:] == ["--out", "报表.xlsx"] for argv in report_runs)
    assert any(argv[-1] == "--json" for argv in report_runs)
    assert ["demo", "--db", "演示.db", "--households", str(DEMO_HOUSEHOLDS)] in [a for _l, a in runs]
    assert len(runs) >= 35


def test_every_readme_command_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    monkeypatch.setenv("FANGPIN_NEW_PASSWORD", "换一个新密码")  # `password change` reads it, as its line says
    monkeypatch.chdir(tmp_path)
    village_roster(tmp_path)
    outputs: dict[str, str] = {}
    fill: Callable[[str], str] = Placeholders(tmp_path, outputs)
    for line, argv in commands(readme_block()):
        argv = [fill(word) for word in argv]
        code = run(argv)
        captured = capsys.readouterr()
        assert code == 0 and not captured.err.strip().startswith(("错误", "内部错误")), (
            f"README: {line}\nran: fangpin {shlex.join(argv)}\nexit {code}\n{captured.err}")
        for name in written_files(argv):
            assert (tmp_path / name).is_file(), f"fangpin {shlex.join(argv)} did not write {name}"
        outputs[" ".join(argv)] = captured.out

    inspected = outputs["bundle inspect 李娜-1.fpb"].splitlines()
    assert inspected[0].startswith("未核验签名和内容")
    assert outputs["bundle inspect 李娜-1.fpb --db 武邑镇.db"].startswith("核验通过")
    assert "有效" in outputs["id-check 13112219650304017X"]
    assert f"生成 {DEMO_HOUSEHOLDS} 户演示数据" in next(
        out for command, out in outputs.items() if command.startswith("demo "))
    tried, imported = (out for command, out in outputs.items() if command.startswith("excel import"))
    assert f"试导入（未写入）“花名册.xlsx”：新增 {ROSTER_HOUSEHOLDS} 户" in tried
    assert json.loads(imported)["added"] == ROSTER_HOUSEHOLDS


def test_a_line_that_cannot_run_as_written_is_caught(capsys: pytest.CaptureFixture[str]) -> None:
    """The block's old `print ledger|due|monthly … [--village 代码] [--month …]` line: ledger needs
    a village and monthly takes none, which the expansion runs into."""
    runs = expand("fangpin print ledger|due|monthly --db 演示.db [--village 代码] [--month 2026-11] --out 文件.pdf")
    assert [argv[:2] for argv in runs] == [["print", "ledger"], ["print", "due"], ["print", "monthly"],
                                          ["print", "ledger"], ["print", "due"]]
    assert run(runs[0]) == 2
    assert "--village" in capsys.readouterr().err
    assert run([*runs[2], "--village", VILLAGE]) == 2
    assert "无法识别的参数" in capsys.readouterr().err

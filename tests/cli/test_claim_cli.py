"""`fangpin claim`: the Jizhou claim applied, approved and paid from the command line, the fund ledger
written as PDF and Excel, and what may not be done refused in Chinese."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.domain.idnumber import make_id_number
from tests.conftest import PASSWORD, VILLAGE


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = tmp_path / "claims.db"
    assert main(["init", "--db", str(path), "--role", "county", "--division", "131122",
                 "--user", "县中心管理员"]) == 0
    return path


def household(db: Path) -> str:
    from app.services.households import HouseholdService
    from app.services.setup import open_context

    ctx = open_context(db, PASSWORD)
    try:
        return HouseholdService(ctx).create({"village_code": VILLAGE, "household_type": "脱贫户"}, [
            {"name": "刘志强", "relation": "户主", "id_number": make_id_number("131122", date(1970, 3, 4), 11)},
            {"name": "刘小燕", "relation": "之女", "id_number": make_id_number("131122", date(2006, 8, 1), 22)},
        ]).id
    finally:
        ctx.db.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_claim_from_application_to_payment_and_the_fund_ledger(db: Path, capsys, tmp_path: Path) -> None:
    home = household(db)
    d = ("--db", str(db))
    code, out, err = run(capsys, "claim", "add", *d, home[:10], "--kind", "防贫保险", "--fund", "人保财险",
                         "--date", "2026-09-02", "--amount", "8000")
    assert code == 0, err
    claim = out.split("理赔编号 ")[1].rstrip("。\n")
    code, out, err = run(capsys, "claim", "pay", *d, claim, "--amount", "6520")
    assert code != 0 and "只有“已批准”的理赔可以登记支付" in err
    assert run(capsys, "claim", "approve", *d, claim, "--amount", "6520", "--date", "2026-09-05")[0] == 0
    code, out, err = run(capsys, "claim", "pay", *d, claim, "--amount", "7000", "--date", "2026-09-06")
    assert code != 0 and "超过批准金额" in err and "内部错误" not in err
    code, out, err = run(capsys, "claim", "pay", *d, claim, "--amount", "6520", "--date", "2026-09-06")
    assert code == 0 and "已支付 6,520.00 元" in out, err
    code, out, err = run(capsys, "claim", "list", *d, "--json")
    [line] = json.loads(out)
    assert (line["status"], line["amount_paid"], line["paid_on"]) == ("已支付", "6520.00", "2026-09-06")
    assert "刘志强" not in out  # the list names the household by its number, not its head

    code, out, err = run(capsys, "claim", "ledger", *d, "--from", "2026-01-01")
    assert code == 0, err
    assert "共救助 1 户 2 人，支付 1 笔，金额 6,520.00 元" in out
    pdf, xlsx = tmp_path / "资金台账.pdf", tmp_path / "资金台账.xlsx"
    for out_file in (pdf, xlsx):
        code, out, err = run(capsys, "claim", "ledger", *d, "--out", str(out_file))
        assert code == 0 and out_file.exists(), err
    rows = [list(r[:6]) for r in load_workbook(xlsx).active.iter_rows(values_only=True)]
    assert ["合计", None, 1, 2, 1, 6520] in rows
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "6,520.00" in text and "人保财险" in text
    code, out, err = run(capsys, "claim", "ledger", *d, "--out", str(tmp_path / "x.csv"))
    assert code != 0 and "应以 .pdf 或 .xlsx 结尾" in err
    code, out, err = run(capsys, "claim", "approve", *d, "abc", "--amount", "1")
    assert code != 0 and "太短" in err

"""承诺授权书 (issue 20): a form every member of the household signs, printed like the card."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import UserFacingError
from app.domain.idnumber import mask_id_number
from app.services.households import HouseholdService
from app.services.printouts import DocumentKind, PrintRequest, write_document
from tests.printing.conftest import FULL_ID, font_files, pdf_text
from tests.services.helpers import poor_household


def test_the_form_lists_every_member_to_sign_with_masked_id_numbers(ctx, people, tmp_path: Path) -> None:
    household = poor_household(ctx, people, name="张建国")
    detail = HouseholdService(ctx).get(household.id)
    out = tmp_path / "承诺授权书.pdf"
    result = write_document(ctx, PrintRequest(DocumentKind.CONSENT, household=household.household_number), out)
    assert result.count == 1 and "已生成张建国户的承诺授权书" in result.message
    [text] = pdf_text(out)
    assert "防止返贫监测帮扶承诺授权书" in text and "信息比对" in text and "户主：张建国" in text
    for member in detail.members:
        assert member.name in text and mask_id_number(member.id_number) in text
    assert not FULL_ID.search(text)
    assert "本人签名（或按手印）" in text and "签署日期" in text and "入户核实人" in text
    assert all(embedded for _name, embedded in font_files(out))


def test_a_household_that_is_not_there_is_said_in_chinese(ctx, tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="请选择或填写户编号"):
        write_document(ctx, PrintRequest(DocumentKind.CONSENT), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()

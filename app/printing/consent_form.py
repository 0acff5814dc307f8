"""承诺授权书: the form a household signs at the home visit (DOMAIN.md, "Procedures"), consenting
to the checks of its income and assets — the county's 信息比对 against other departments' data.

Drawn from plain values (``ConsentFormData``) without database access, like the card. Each member
signs (or presses a fingerprint) on their own row; ID numbers are masked as on the card, since the
form is printed before anyone checks who holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm

from app.printing.data import MemberLine
from app.printing.document import new_canvas
from app.printing.flow import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, Column, Flow, rule

TITLE = "防止返贫监测帮扶承诺授权书"
# What the household promises and what it authorises: the checks 信息比对 makes (DOMAIN.md).
PROMISE = (
    "　　本户自愿申请（或经排查）纳入防止返贫动态监测，承诺所提供的家庭成员、收入、资产、支出等"
    "情况真实、完整，无隐瞒、虚报；家庭情况发生变化时及时向村委会或网格员报告。")
AUTHORITY = (
    "　　本户全体家庭成员授权县防贫中心及乡镇防贫工作站，为认定监测对象和落实帮扶措施，向公安、"
    "自然资源、住房城乡建设、市场监管、人力资源社会保障、医疗保障、税务、金融等部门和机构查询、"
    "核对本户成员的车辆、房产、工商登记、就业和社保缴纳、存款及其他收入和资产信息（信息比对）。"
    "查询所得信息仅用于防止返贫监测帮扶，不作他用。")
CONSEQUENCE = (
    "　　如有隐瞒、虚报，本户自愿退出监测帮扶，退还不应享受的帮扶资金和物资，并承担相应责任。")
MEMBERS = (Column("序号", 0.5, "center"), Column("姓名", 1.2), Column("与户主关系", 1.1),
           Column("身份证号", 2.2), Column("本人签名（或按手印）", 2.4))


@dataclass(frozen=True)
class ConsentFormData:
    village: str  # township and village, as the card names them
    head_name: str
    household_number: str
    members: list[MemberLine]
    printed_on: date


def write_consent_form(path: Path, data: ConsentFormData) -> None:
    canvas = new_canvas(path, f"{TITLE}（{data.head_name}户）")
    flow = Flow(canvas, lambda f: _page_start(f, data), lambda f: _page_end(f, data))
    for text in (PROMISE, AUTHORITY, CONSEQUENCE):
        flow.paragraph(text, size=11)
        flow.y -= 2
    flow.heading("家庭成员签字")
    flow.table(MEMBERS, [[str(i), m.name, m.relation, m.masked_id, ""]
                         for i, m in enumerate(data.members, start=1)], size=10, min_height=30)
    _signatures(flow)
    flow.finish()
    canvas.save()


def _signatures(flow: Flow) -> None:
    flow.keep_together(110)
    canvas = flow.canvas
    canvas.setLineWidth(0.5)
    half = flow.width / 2
    for left, right in (("户主（签字或按手印）：", "签署日期：　　　　年　　月　　日"),
                        ("入户核实人（签字）：", "村委会（盖章）：")):
        flow.y -= 34
        flow.text(flow.left, flow.y, left, 11)
        flow.text(flow.left + half, flow.y, right, 11)
        canvas.line(flow.left + 118, flow.y - 2, flow.left + half - 16, flow.y - 2)
    flow.y -= 10


def _page_start(flow: Flow, data: ConsentFormData) -> float:
    top = PAGE_HEIGHT - MARGIN
    if flow.page == 1:
        flow.text(PAGE_WIDTH / 2, top - 26, TITLE, 20, "center")
        flow.text(PAGE_WIDTH / 2, top - 48,
                  f"{data.village}　　户主：{data.head_name}　　户编号：{data.household_number}", 11, "center")
        rule(flow, top - 58, 1.2)
        return top - 66
    flow.text(flow.left, top - 14, f"{TITLE}（续）", 12)
    flow.text(flow.right, top - 14, f"{data.village}　户主：{data.head_name}", 9.5, "right")
    rule(flow, top - 21, 1.0)
    return top - 24


def _page_end(flow: Flow, data: ConsentFormData) -> None:
    y = MARGIN - 6 * mm
    flow.text(flow.left, y, f"打印日期：{data.printed_on.isoformat()}　本授权书一式两份，农户和村委会各执一份", 8)
    flow.text(flow.right, y, f"第 {flow.page} 页", 8, "right")

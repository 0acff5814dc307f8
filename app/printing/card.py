"""帮扶明白卡: one household's assistance card, A4, continued on further pages when long."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.printing.data import CardData
from app.printing.document import new_canvas
from app.printing.flow import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, Column, Flow, rule
from app.printing.qr import draw_qr

TITLE = "防止返贫监测帮扶明白卡"
QR_SIZE = 20 * mm
SUPERVISION_PHONE = "12317"
HEADING_HEIGHT = 22
SIGNATURE_HEIGHT = 40

FACTS = (Column("", 1.25), Column("", 2.4), Column("", 1.25), Column("", 2.4))
# Widths fit the longest usual values on one line (弱劳动力或半劳动力, 兜底保障和社会救助): a wrapped
# row costs a line, and a household of five with four measures must still fit on one sheet.
MEMBERS = (Column("序号", 0.55, "center"), Column("姓名", 1.3), Column("与户主关系", 1.1),
           Column("性别", 0.55, "center"), Column("身份证号", 2.0, "center"),
           Column("健康状况", 1.75), Column("劳动技能", 1.9))
MEASURES = (Column("序号", 0.55, "center"), Column("措施类别", 1.8), Column("具体措施", 1.4),
            Column("开始日期", 1.15, "center"), Column("金额（元）", 1.15, "right"),
            Column("状态", 0.8, "center"), Column("实施单位", 2.9))
CONTACTS = (Column("联系人", 1.6), Column("姓名", 1.3), Column("工作单位", 3.4),
            Column("联系电话", 1.8, "center"))


def write_card(path: Path, data: CardData) -> None:
    write_cards(path, [data])


def write_cards(path: Path, cards: Iterable[CardData]) -> int:
    """One reportlab document, one card after another; returns the number of cards. reportlab
    keeps every page until save, so memory grows with the count: for a village or more use
    app.printing.batch.write_card_batch, which writes in chunks and has progress and cancel."""
    canvas = new_canvas(path, TITLE)
    count = 0
    for data in cards:
        draw_card(canvas, data)
        count += 1
    canvas.save()
    return count


def draw_card(canvas: Canvas, data: CardData) -> None:
    flow = Flow(canvas, lambda f: _page_start(f, data), lambda f: _page_end(f, data))
    _facts(flow, data)
    flow.heading("家庭成员")
    flow.table(MEMBERS, [[str(i), m.name, m.relation, m.sex, m.masked_id, m.health, m.labour]
                         for i, m in enumerate(data.members, start=1)])
    flow.heading("帮扶措施")
    if data.measures:
        rows = [[str(i), m.kind, m.item, m.start, _yuan(m.amount), m.status, m.provider]
                for i, m in enumerate(data.measures, start=1)]
        rows.append(["", "合计", f"{len(data.measures)} 项", "", _yuan(data.total_amount), "", ""])
        flow.table(MEASURES, rows)
    else:
        flow.paragraph("暂无帮扶措施。")
    flow.heading("帮扶联系人")
    flow.table(CONTACTS, _contact_rows(data))
    policies = [f"{number}. {line}" for number, line in enumerate(data.policies, start=1)]
    # The policies end with the signatures; a signature line alone on a page looks forged.
    flow.keep_together(HEADING_HEIGHT + SIGNATURE_HEIGHT
                       + sum(flow.paragraph_height(p, indent=4) for p in policies))
    flow.heading("可享受的帮扶政策")
    for line in policies:
        flow.paragraph(line, indent=4)
    _signatures(flow)
    flow.finish()


def _facts(flow: Flow, data: CardData) -> None:
    eliminated = data.eliminated_on
    if eliminated and data.elimination_method:
        eliminated = f"{eliminated}（{data.elimination_method}）"
    state = data.state or ("已纳入监测" if data.category else "未纳入监测")
    # Before the county approves, the category is not decided yet: the card says so, not a guess.
    category = data.category or ("待县级审定" if state in ("申报中", "公示中", "审核中") else "")
    rows = [
        ["所在村", data.village, "户主", data.head_name],
        ["户编号", data.household_number, "家庭人口", f"{len(data.members)} 人"],
        ["监测状态", state, "办理阶段", f"{data.procedure}：{data.stage}" if data.stage else ""],
        ["户类型", data.household_type, "监测类别", category],
        ["风险类型", "、".join(data.risk_types), "风险状态", data.status],
        ["识别纳入日期", data.identified_on, "风险消除日期", eliminated],
        ["家庭住址", data.address, "村民小组", data.group_name],
    ]
    flow.heading("基本情况")
    flow.table(FACTS, rows, size=9.5, header=False, shaded=frozenset({0, 2}))


def _contact_rows(data: CardData) -> list[list[str]]:
    # A labelled blank row when the data has nobody, so the worker can write it in by hand.
    rows = [["帮扶责任人", p.name, p.unit, p.phone] for p in data.helpers] or [
        ["帮扶责任人", "", "", ""]]
    rows += [["网格员", w.name, w.unit, w.phone] for w in data.grid_workers] or [
        ["网格员", "", "", ""]]
    station = data.station
    rows.append(["乡镇防贫工作站", station.name if station else "",
                 station.unit if station else "", station.phone if station else ""])
    rows.append(["监督举报电话", "", "全国防止返贫监测帮扶热线", SUPERVISION_PHONE])
    return rows


def _signatures(flow: Flow) -> None:
    flow.ensure(SIGNATURE_HEIGHT)
    flow.y -= 26
    half = flow.width / 2
    flow.text(flow.left, flow.y, "帮扶责任人（签字）：", 10)
    flow.text(flow.left + half, flow.y, "户主（签字）：", 10)
    canvas = flow.canvas
    canvas.setLineWidth(0.5)
    canvas.line(flow.left + 100, flow.y - 2, flow.left + half - 20, flow.y - 2)
    canvas.line(flow.left + half + 72, flow.y - 2, flow.right, flow.y - 2)


def _page_start(flow: Flow, data: CardData) -> float:
    top = PAGE_HEIGHT - MARGIN
    if flow.page == 1:
        draw_qr(flow.canvas, data.qr_payload, flow.right - QR_SIZE, top - QR_SIZE, QR_SIZE)
        flow.text(flow.right - QR_SIZE / 2, top - QR_SIZE - 9, "扫码核对农户", 6.5, "center")
        flow.text(PAGE_WIDTH / 2, top - 30, TITLE, 21, "center")
        flow.text(PAGE_WIDTH / 2, top - 50, f"{data.village}　　户主：{data.head_name}", 11,
                  "center")
        y = top - QR_SIZE - 16
        rule(flow, y, 1.4)
        rule(flow, y - 2.5, 0.5)
        return y - 4
    flow.text(flow.left, top - 14, f"{TITLE}（续）", 13)
    flow.text(flow.right, top - 14, f"{data.village}　户主：{data.head_name}", 9.5, "right")
    rule(flow, top - 21, 1.0)
    return top - 24


def _page_end(flow: Flow, data: CardData) -> None:
    y = MARGIN - 6 * mm
    rule(flow, y + 10, 0.4)
    flow.text(flow.left, y, f"打印日期：{data.printed_on.isoformat()}", 8)
    flow.text(PAGE_WIDTH / 2, y, "防贫网格通", 8, "center")
    flow.text(flow.right, y, f"第 {flow.page} 页", 8, "right")


def _yuan(amount: object) -> str:
    return f"{amount:,.2f}"

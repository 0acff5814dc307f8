"""年考核: the indicators a county is judged on and the townships (or villages) ranked on them, as plain
values and as the report's PDF section; the Excel sheet (app/services/reports/excel.py) and the JSON
share ``ranking_rows``. Definitions: app/services/reports/definitions.py, docs/reports.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.printing.flow import Column, Flow

RANKED = ("开发式帮扶覆盖率", "识别办理平均天数", "本期风险消除人数", "按时走访率")


@dataclass(frozen=True)
class Indicators:
    able_households: int  # monitored households with a labour-able member
    developed: int  # of those, with a development-type (开发式) measure
    approval_days: tuple[int, ...]  # 申报 to 县级审定, of the period's identifications
    approval_mean: float | None
    approval_median: float | None
    eliminated_households: int  # risk eliminated within the period
    eliminated_people: int
    visits_due: int  # visits falling due within the period
    visits_on_time: int

    @property
    def coverage(self) -> float | None:
        return self.developed / self.able_households if self.able_households else None

    @property
    def on_time_rate(self) -> float | None:
        return self.visits_on_time / self.visits_due if self.visits_due else None


@dataclass(frozen=True)
class RankLine:
    code: str
    name: str
    indicators: Indicators
    ranks: tuple[int, ...]  # one per RANKED, 1 the best
    overall: int


def share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def indicator_pairs(i: Indicators) -> list[tuple[str, str]]:
    """The indicators as (item, value), for the key figures."""
    return [
        ("开发式帮扶覆盖率", f"{i.developed:,} / {i.able_households:,} 户有劳动能力的在监测户（{share(i.coverage)}）"),
        ("识别办理天数（平均 / 中位数）", f"{days(i.approval_mean)} / {days(i.approval_median)} 天"
                                 f"（{len(i.approval_days):,} 户）"),
        ("本期风险消除（户 / 人）", f"{i.eliminated_households:,} 户 / {i.eliminated_people:,} 人"),
        ("按时走访率", f"{i.visits_on_time:,} / {i.visits_due:,} 次到期走访按时（{share(i.on_time_rate)}）"),
    ]


def ranking_rows(lines: Sequence[RankLine]) -> list[list[str]]:
    """综合排名 first; each indicator with its rank in brackets."""
    rows = []
    for line in sorted(lines, key=lambda line: (line.overall, line.code)):
        i, r = line.indicators, line.ranks
        rows.append([str(line.overall), line.name,
                     f"{share(i.coverage)}（{r[0]}）", f"{days(i.approval_mean)}（{r[1]}）",
                     f"{i.eliminated_people:,}人/{i.eliminated_households:,}户（{r[2]}）",
                     f"{share(i.on_time_rate)}（{r[3]}）"])
    return rows


def ranking_headers(place_kind: str) -> list[str]:
    return ["综合排名", place_kind, "开发式帮扶覆盖率（名次）", "识别办理平均天数（名次）", "本期风险消除（名次）",
            "按时走访率（名次）"]


def draw_ranking(flow: Flow, title: str, lines: Sequence[RankLine], place_kind: str) -> None:
    flow.heading(title, keep_with=60)
    flow.paragraph(f"各{place_kind}按四项考核指标各排名次（并列同名次，没有数的排最后），综合排名按四项名次之和。"
                   "开发式帮扶覆盖率只计有劳动能力成员的在监测户；"
                   "按时走访率 = 下一次走访不晚于约定日期的到期走访 ÷ 到期走访。",
                   size=9.5)
    widths = (0.8, 1.6, 1.7, 1.5, 1.8, 1.5)
    columns = tuple(Column(header, width, "left" if n == 1 else "center")
                    for n, (header, width) in enumerate(zip(ranking_headers(place_kind), widths, strict=True)))
    flow.table(columns, ranking_rows(lines), size=8.5)

"""Everything wrong with a form, collected and reported together rather than one at a time."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.errors import UserFacingError


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None  # the column letter and header, e.g. "C 列（relevant）"
    message: str

    @property
    def where(self) -> str:
        parts = [f"{self.sheet} 表"] if self.sheet else []
        if self.row:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(self.column)
        return " ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message


class FormError(UserFacingError):
    """A form we refuse; `problems` lists every one found, in sheet and row order."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"表单有 {len(problems)} 处问题，不能使用：\n{lines}", location=source)
        self.source = source
        self.problems = problems

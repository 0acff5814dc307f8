"""What every command shares: the password, JSON output, tables, and turning errors into one line."""

from __future__ import annotations

import getpass
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from unicodedata import east_asian_width

import platformdirs

from app.domain.errors import UserFacingError, os_error_reason
from app.services.context import ServiceContext
from app.store.location import is_url
from app.store.models import Division

PASSWORD_VARIABLE = "FANGPIN_PASSWORD"
EXIT_USER_ERROR = 2
EXIT_BUG = 70


def read_password(location: str, confirm: bool = False) -> str | None:
    """The database password for a file; a server database (postgresql://…) authenticates itself
    through its address, PGPASSWORD or ~/.pgpass, so nothing is asked."""
    if is_url(location):
        return None
    password = os.environ.get(PASSWORD_VARIABLE)
    if password:
        return password
    if not sys.stdin.isatty():
        raise UserFacingError(f"需要数据库密码：请设置环境变量 {PASSWORD_VARIABLE}，或在终端中运行以便输入密码。")
    password = getpass.getpass("数据库密码：")
    if confirm and getpass.getpass("再输入一次密码：") != password:
        raise UserFacingError("两次输入的密码不一致。")
    if not password:
        raise UserFacingError("密码不能为空。")
    return password


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if hasattr(value, "model_dump"):
        return value.model_dump()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.write("\n")


def display_width(text: str) -> int:
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells])
              for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - display_width(v)) for v, w in zip(values, widths,
                                                                             strict=True)).rstrip()
    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in cells:
        print(line(row))


def place_names(ctx: ServiceContext, codes: Iterable[str]) -> str:
    """Divisions by name with their code, 姚集村（131122100201）、…, for messages."""
    with ctx.db.read() as session:
        names = [(code, session.get(Division, code)) for code in codes]
    return "、".join(f"{division.name}（{code}）" if division else code for code, division in names)


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir("fangpin-field", appauthor=False))


def file_problem(error: OSError) -> str:
    """An operating-system error as one Chinese sentence naming the file."""
    what = os_error_reason(error)
    where = f"“{error.filename}”" if error.filename is not None else "文件"
    return f"{where}：{what}。"


def run_guarded(command: Callable[[], int | None]) -> int:
    """Run a command: user errors become one Chinese line; bugs go to a log file, not the screen."""
    try:
        return command() or 0
    except UserFacingError as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early; that is not a failure worth a crash log.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        # A file the user named or the disk they write to: something they can fix, said in Chinese.
        print(f"错误：{file_problem(error)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception:
        directory = log_dir()
        directory.mkdir(parents=True, exist_ok=True)
        log = directory / f"crash-{datetime.now():%Y%m%d-%H%M%S}.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        print(f"内部错误：程序出现了意外问题，详细信息已写入 {log}。请把这个文件发给技术支持。",
              file=sys.stderr)
        return EXIT_BUG

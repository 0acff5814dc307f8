"""Chinese for argparse's own messages (usage, errors, help headings).

argparse looks its messages up through gettext at call time; the standard library ships no
Chinese catalogue for them, so the few strings a user can meet are translated here.
"""

from __future__ import annotations

import argparse

_MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid %(type)s value: %(value)r": "取值“%(value)s”无效（应为%(type)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}


def _translate(message: str) -> str:
    return _MESSAGES.get(message, message)


def install() -> None:
    argparse._ = _translate  # type: ignore[attr-defined]


class ChineseParser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        install()
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def _check_value(self, action: argparse.Action, value: object) -> None:
        """A value outside the choices (a command name, an option's fixed values), said in Chinese
        without Python's quoting: 取值“x”无效，可选：a、b、c。"""
        if action.choices is not None and value not in action.choices:
            listed = "、".join(map(str, action.choices))
            raise argparse.ArgumentError(action, f"取值“{value}”无效，可选：{listed}")


def whole_number(text: str) -> int:
    return int(text)


# argparse names the expected type in its error message by the converter's __name__.
whole_number.__name__ = "整数"

"""The XLSForm/XPath expression subset: parsed once into a tree, evaluated safely (never `eval`).

Values follow XPath 1.0: answers are strings (missing ones are ""), arithmetic and `<`/`>`
turn both sides into numbers (NaN when that fails), `=` compares as numbers only when one
side is a number. ISO dates count as days since 1970-01-01, as in ODK, so `. <= today()` works.

Limits, so that no form can hang or exhaust the machine while it is filled in: a formula nests
brackets, calls and minus signs at most MAX_NESTING deep and its tree is at most MAX_DEPTH deep
(both refused when the form is loaded); a value a formula makes is at most MAX_TEXT characters
(EvaluationError otherwise); regex() runs on RE2, whose time is linear in the text (no
backreferences or lookaround, refused when the form is loaded).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

import re2

from app.domain.errors import UserFacingError
from app.domain.idnumber import is_valid_id_number

Value = str | float | bool


class ExpressionError(UserFacingError):
    """A formula that cannot be read; `position` counts characters from 1."""

    def __init__(self, expression: str, position: int, problem: str) -> None:
        super().__init__(f"公式「{expression}」第 {position} 个字符处{problem}")
        self.expression = expression
        self.position = position
        self.problem = problem


MAX_NESTING = 32
MAX_DEPTH = 200
MAX_TEXT = 65_536  # characters of one value a formula makes (64 Ki)


class EvaluationError(UserFacingError):
    """A formula that went past a limit while it was evaluated (a text grown beyond MAX_TEXT)."""


# ---------------------------------------------------------------- tree


@dataclass(frozen=True)
class Literal:
    value: Value


@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class Current:
    """`.`: the value of the question the formula belongs to."""


@dataclass(frozen=True)
class Parent:
    """`..`: only meaningful as the argument of position()."""


@dataclass(frozen=True)
class Path:
    """A bare name: in a choice_filter, a column of the choices sheet."""

    name: str


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Negate:
    operand: Node


Node = Literal | Ref | Current | Parent | Path | Call | Binary | Negate


@dataclass(frozen=True)
class Context:
    values: Mapping[str, object] = field(default_factory=dict)
    current: object = None
    position: int | None = None
    today: date | None = None
    # Choice-sheet columns of the choice a choice_filter is testing.
    columns: Mapping[str, str] = field(default_factory=dict)
    # Every row's value of a question inside a repeat, seen from outside that repeat (for sum() and
    # count()); a repeat's own name maps to its rows. Names in `values` (the current row) win.
    nodesets: Mapping[str, Sequence[object]] = field(default_factory=dict)


# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<ref>\$\{\s*(?P<refname>[^}\s]*)\s*\})
  | (?P<number>\d+(?:\.\d*)?|\.\d+)
  | (?P<string>'[^']*'|"[^"]*"|“[^”]*”|‘[^’]*’)
  | (?P<op>!=|<=|>=|\.\.|[-+*=<>(),.|/])
  | (?P<name>[^\W\d][\w.:-]*)
""", re.VERBOSE)

_WORD_OPERATORS = frozenset({"and", "or", "div", "mod"})
_ENDS_OPERAND = frozenset({"number", "string", "ref", "name", ")", ".", ".."})


@dataclass(frozen=True)
class _Token:
    kind: str  # number, string, ref, name, or the operator text itself
    text: str
    position: int


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    while index < len(source):
        match = _TOKEN.match(source, index)
        if match is None or match.end() == index:
            problem = "有未闭合的引号" if source[index] in "'\"“‘" else f"有不认识的符号「{source[index]}」"
            raise ExpressionError(source, index + 1, problem)
        kind = match.lastgroup if match.lastgroup != "refname" else "ref"
        text = match.group()
        if kind == "ref":
            kind, text = "ref", match.group("refname")
            if not re.fullmatch(r"[^\W\d][\w.-]*", text):
                raise ExpressionError(source, index + 1, f"的引用「{match.group()}」不是有效的题目名")
        elif kind == "op":
            kind = text
        elif kind == "name":
            # XPath rule: `and`/`div`… are operators only where an operator may stand.
            previous = tokens[-1].kind if tokens else None
            if text in _WORD_OPERATORS and previous in _ENDS_OPERAND:
                kind = text
        if kind != "space":
            tokens.append(_Token(kind, text, index + 1))
        index = match.end()
    tokens.append(_Token("end", "", len(source) + 1))
    return tokens


# ---------------------------------------------------------------- functions

# name -> (fewest arguments, most arguments or None for any number)
ARITY: dict[str, tuple[int, int | None]] = {
    "selected": (2, 2), "count-selected": (1, 1), "selected-at": (2, 2),
    "string-length": (0, 1), "if": (3, 3), "coalesce": (2, 2), "concat": (1, None),
    "today": (0, 0), "now": (0, 0), "int": (1, 1), "number": (0, 1), "round": (1, 2),
    "regex": (2, 2), "position": (0, 1), "not": (1, 1), "true": (0, 0), "false": (0, 0),
    "string": (0, 1), "boolean": (1, 1), "contains": (2, 2), "starts-with": (2, 2),
    "ends-with": (2, 2), "substr": (2, 3), "floor": (1, 1), "ceiling": (1, 1), "abs": (1, 1),
    # Over the rows of a repeat: sum(${income}), count(${member}).
    "sum": (1, 1), "count": (1, 1), "max": (1, None), "min": (1, None),
    # ODK's math functions.
    "pow": (2, 2), "sqrt": (1, 1), "exp": (1, 1), "exp10": (1, 1), "log": (1, 1), "log10": (1, 1),
    "sin": (1, 1), "cos": (1, 1), "tan": (1, 1), "asin": (1, 1), "acos": (1, 1), "atan": (1, 1),
    "atan2": (2, 2), "pi": (0, 0),
    # Ours, not XPath: a valid GB 11643 ID number (blank counts as valid; `required` handles that).
    "check-id": (1, 1),
}


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = _tokenize(source)
        self.index = 0
        self.nesting = 0

    def deeper(self, token: _Token) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise self.fail(token, f"括号、函数或负号嵌套超过 {MAX_NESTING} 层，请拆成几道计算题")

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def fail(self, token: _Token, problem: str) -> ExpressionError:
        return ExpressionError(self.source, token.position, problem)

    def expect(self, kind: str, what: str) -> _Token:
        token = self.peek()
        if token.kind != kind:
            raise self.fail(token, f"应为{what}，{self._found(token)}")
        return self.take()

    @staticmethod
    def _found(token: _Token) -> str:
        return "但公式已结束" if token.kind == "end" else f"但遇到「{token.text}」"

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise self.fail(self.peek(), "公式是空的")
        node = self.binary(0)
        token = self.peek()
        if token.kind != "end":
            raise self.fail(token, f"多出了「{token.text}」（是否缺少运算符或括号？）")
        return node

    _LEVELS: tuple[frozenset[str], ...] = (
        frozenset({"or"}), frozenset({"and"}), frozenset({"=", "!="}),
        frozenset({"<", "<=", ">", ">="}), frozenset({"+", "-"}), frozenset({"*", "div", "mod"}),
    )

    def binary(self, level: int) -> Node:
        if level == len(self._LEVELS):
            return self.unary()
        node = self.binary(level + 1)
        while self.peek().kind in self._LEVELS[level]:
            op = self.take().kind
            node = Binary(op, node, self.binary(level + 1))
        return node

    def unary(self) -> Node:
        if self.peek().kind == "-":
            self.deeper(self.take())
            node = Negate(self.unary())
            self.nesting -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "number":
            return Literal(float(token.text))
        if token.kind == "string":
            return Literal(token.text[1:-1])
        if token.kind == "ref":
            return Ref(token.text)
        if token.kind == ".":
            return Current()
        if token.kind == "..":
            return Parent()
        if token.kind == "(":
            self.deeper(token)
            node = self.binary(0)
            self.expect(")", "右括号「)」")
            self.nesting -= 1
            return node
        if token.kind == "name":
            if self.peek().kind == "(":
                return self.call(token)
            return Path(token.text)
        if token.kind == "end":
            raise self.fail(token, "公式不完整，缺少一个值")
        raise self.fail(token, f"不应出现「{token.text}」")

    def call(self, name: _Token) -> Node:
        function = name.text
        if function not in ARITY:
            raise self.fail(name, f"的函数「{function}()」不受支持")
        self.deeper(self.take())  # (
        args: list[Node] = []
        if self.peek().kind != ")":
            args.append(self.binary(0))
            while self.peek().kind == ",":
                self.take()
                args.append(self.binary(0))
        self.expect(")", f"函数 {function}() 的右括号「)」或逗号")
        self.nesting -= 1
        fewest, most = ARITY[function]
        if len(args) < fewest or (most is not None and len(args) > most):
            wanted = str(fewest) if fewest == most else (f"至少 {fewest}" if most is None
                                                         else f"{fewest} 到 {most}")
            raise self.fail(name, f"的函数 {function}() 需要 {wanted} 个参数，实际给了 {len(args)} 个")
        if function == "regex" and isinstance(args[1], Literal):
            try:
                _compiled(str(args[1].value))
            except re2.error as error:
                raise self.fail(name, f"的正则表达式写错了或用了不支持的写法（反向引用 \\1、环视 (?= 等）："
                                      f"{_re2_message(error)}") from None
        return Call(function, tuple(args))


@lru_cache(maxsize=4096)
def parse(source: str) -> Node:
    """Parse a formula; raises ExpressionError naming the position of the first problem."""
    tree = _Parser(source).parse()
    if _depth(tree) > MAX_DEPTH:
        raise ExpressionError(source, 1, f"连续的运算超过 {MAX_DEPTH} 层，请拆成几道计算题")
    return tree


def _depth(tree: Node) -> int:
    """How deep the tree is (counted without recursion: a long `a or b or …` chain is deep)."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in _children(node))
    return deepest


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Negate):
        return (node.operand,)
    return ()


def _nodes(node: Node) -> list[Node]:
    """The tree in reading order."""
    if isinstance(node, Call):
        return [node, *(item for arg in node.args for item in _nodes(arg))]
    if isinstance(node, Binary):
        return [node, *_nodes(node.left), *_nodes(node.right)]
    if isinstance(node, Negate):
        return [node, *_nodes(node.operand)]
    return [node]


def references(node: Node) -> list[str]:
    """The ${names} a formula uses, each once, in order of appearance."""
    return list(dict.fromkeys(item.name for item in _nodes(node) if isinstance(item, Ref)))


def bare_names(node: Node) -> list[str]:
    """Names written without ${}: choice columns in a choice_filter, a slip (`= yes`) anywhere else."""
    return list(dict.fromkeys(item.name for item in _nodes(node) if isinstance(item, Path)))


# ---------------------------------------------------------------- conversions

_NUMBER = re.compile(r"\s*-?(\d+(\.\d*)?|\.\d+)\s*")
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*")
_EPOCH = date(1970, 1, 1)


def answer_text(value: object) -> str:
    """An answer as XPath sees it: the text of a node."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int | Decimal):
        return to_string(float(value)) if not isinstance(value, int) else str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return " ".join(answer_text(item) for item in value)
    return str(value)


def to_number(value: Value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if _NUMBER.fullmatch(value):
        return float(value)
    match = _ISO_DATE.fullmatch(value)
    if match:
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return math.nan
        return float((day - _EPOCH).days)
    return math.nan


def to_string(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        if value == int(value) and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return value


def to_bool(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not math.isnan(value) and value != 0
    return value != ""


# ---------------------------------------------------------------- evaluation


def evaluate(node: Node | str, context: Context | None = None) -> Value:
    """Evaluate a formula (tree or text) against the answers in `context`."""
    tree = parse(node) if isinstance(node, str) else node
    return _eval(tree, context or Context())


def evaluate_bool(node: Node | str, context: Context | None = None) -> bool:
    return to_bool(evaluate(node, context))


def _eval(node: Node, ctx: Context) -> Value:
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Ref):
        if node.name not in ctx.values and node.name in ctx.nodesets:
            # Outside its repeat a reference means the first row, as in XPath.
            rows = ctx.nodesets[node.name]
            return answer_text(rows[0]) if rows else ""
        return answer_text(ctx.values.get(node.name))
    if isinstance(node, Current):
        return answer_text(ctx.current)
    if isinstance(node, Path):
        return ctx.columns.get(node.name, "")
    if isinstance(node, Parent):
        return ""
    if isinstance(node, Negate):
        return -to_number(_eval(node.operand, ctx))
    if isinstance(node, Binary):
        return _binary(node, ctx)
    return _call(node, ctx)


def _binary(node: Binary, ctx: Context) -> Value:
    op = node.op
    if op == "or":
        return to_bool(_eval(node.left, ctx)) or to_bool(_eval(node.right, ctx))
    if op == "and":
        return to_bool(_eval(node.left, ctx)) and to_bool(_eval(node.right, ctx))
    left, right = _eval(node.left, ctx), _eval(node.right, ctx)
    if op in ("=", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            same = to_bool(left) == to_bool(right)
        elif isinstance(left, float) or isinstance(right, float):
            same = to_number(left) == to_number(right)
        else:
            same = left == right
        return same if op == "=" else not same
    a, b = to_number(left), to_number(right)
    if op in _COMPARE:
        return _COMPARE[op](a, b)
    return _arithmetic(op, a, b)


_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def _arithmetic(op: str, a: float, b: float) -> float:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "div":
        if b == 0:
            return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a) * math.copysign(1, b)
        return a / b
    # XPath mod keeps the sign of the dividend, like math.fmod.
    return math.nan if b == 0 else math.fmod(a, b)


def _round(value: float, digits: float = 0.0) -> float:
    if math.isnan(value) or math.isinf(value) or math.isnan(digits):
        return value
    try:
        exponent = Decimal(1).scaleb(-int(digits))
        return float(Decimal(repr(value)).quantize(exponent, rounding=ROUND_HALF_UP))
    except InvalidOperation:
        return value


_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # RE2 would print its parse errors to the terminal
_RE2_OPTIONS.max_mem = 8 << 20


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re2._Regexp:
    return re2.compile(pattern, _RE2_OPTIONS)


def _re2_message(error: re2.error) -> str:
    message = error.args[0] if error.args else ""
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)


def _regex(text: str, pattern: str) -> bool:
    """regex(text, pattern) on RE2: time linear in the text, whatever the pattern."""
    try:
        return _compiled(pattern).search(text) is not None
    except re2.error:
        return False


def _int(value: float) -> float:
    return value if math.isnan(value) or math.isinf(value) else float(math.trunc(value))


def _call(node: Call, ctx: Context) -> Value:
    name, args = node.name, node.args
    # Lazy ones first: only the branch taken is evaluated.
    if name == "if":
        return _eval(args[1] if to_bool(_eval(args[0], ctx)) else args[2], ctx)
    if name == "coalesce":
        first = to_string(_eval(args[0], ctx))
        return first if first != "" else to_string(_eval(args[1], ctx))
    if name == "position":
        return float(ctx.position) if ctx.position is not None else math.nan
    if name == "today":
        return (ctx.today or date.today()).isoformat()
    if name == "now":
        return datetime.now().astimezone().isoformat(timespec="seconds")
    if name in _AGGREGATES:
        return _aggregate(name, [item for arg in args for item in _nodeset(arg, ctx)])
    if name == "pi":
        return math.pi
    if name == "true":
        return True
    if name == "false":
        return False
    values = [_eval(arg, ctx) for arg in args]
    if not values and name in ("string-length", "string", "number"):
        values = [answer_text(ctx.current)]
    strings = [to_string(value) for value in values]
    if name == "selected":
        return strings[1].strip() in strings[0].split()
    if name == "count-selected":
        return float(len(strings[0].split()))
    if name == "selected-at":
        items, index = strings[0].split(), to_number(values[1])
        return items[int(index)] if not math.isnan(index) and 0 <= index < len(items) else ""
    if name == "string-length":
        return float(len(strings[0]))
    if name == "concat":
        if sum(len(text) for text in strings) > MAX_TEXT:
            raise EvaluationError(f"计算出的文字超过 {MAX_TEXT} 个字符（每个值的上限）")
        return "".join(strings)
    if name == "string":
        return strings[0]
    if name == "number":
        return to_number(values[0])
    if name == "int":
        return _int(to_number(values[0]))
    if name == "round":
        return _round(to_number(values[0]), to_number(values[1]) if len(values) > 1 else 0.0)
    if name == "regex":
        return _regex(strings[0], strings[1])
    if name == "not":
        return not to_bool(values[0])
    if name == "boolean":
        return to_bool(values[0])
    if name == "contains":
        return strings[1] in strings[0]
    if name == "starts-with":
        return strings[0].startswith(strings[1])
    if name == "ends-with":
        return strings[0].endswith(strings[1])
    if name == "check-id":
        return _check_id(strings[0], ctx.today)
    if name == "substr":
        return _substr(strings[0], [to_number(value) for value in values[1:]])
    if name in _MATH:
        return _math(name, [to_number(value) for value in values])
    numeric = {"floor": math.floor, "ceiling": math.ceil, "abs": abs}[name]
    number = to_number(values[0])
    return number if math.isnan(number) or math.isinf(number) else float(numeric(number))


_MATH: dict[str, Callable[..., float]] = {
    "pow": math.pow, "sqrt": math.sqrt, "exp": math.exp, "exp10": lambda x: math.pow(10.0, x),
    "log": math.log, "log10": math.log10, "sin": math.sin, "cos": math.cos, "tan": math.tan,
    "asin": math.asin, "acos": math.acos, "atan": math.atan, "atan2": math.atan2,
}


def _math(name: str, numbers: list[float]) -> float:
    """ODK computes these with Java's Math: where Python raises, Java gives NaN or an infinity."""
    if name == "pow" and numbers[1] == 0:
        return 1.0  # Java: pow(x, 0) = 1, even for NaN
    if any(math.isnan(number) for number in numbers):
        return math.nan
    try:
        return float(_MATH[name](*numbers))
    except OverflowError:
        # exp(1000), pow(10, 400), pow(-10, 401): Java's Math gives a signed infinity.
        if name == "pow" and numbers[0] < 0 and numbers[1] == int(numbers[1]) and int(numbers[1]) % 2:
            return -math.inf
        return math.inf
    except (ValueError, ZeroDivisionError):
        if name in ("log", "log10") and numbers[0] == 0:
            return -math.inf  # Java: log(0) = -Infinity
        if name == "pow" and numbers[0] == 0 and numbers[1] < 0:
            return math.inf  # Java: pow(0, -1) = Infinity
        return math.nan  # sqrt(-1), log(-1), asin(2), sin(Infinity), pow(-8, 1/3)


def _check_id(text: str, today: date | None) -> bool:
    """check-id(x): x is a GB 11643 ID number with the right check character, or blank."""
    if not text.strip():
        return True
    return is_valid_id_number(text.strip(), today=today)


def _substr(text: str, bounds: list[float]) -> str:
    """ODK's substr(s, start, end): zero-based start, end exclusive."""
    if any(math.isnan(bound) for bound in bounds):
        return ""
    start = max(0, int(bounds[0]))
    end = int(bounds[1]) if len(bounds) > 1 else len(text)
    return text[start:end]


_AGGREGATES = frozenset({"sum", "count", "max", "min"})


def _nodeset(node: Node, ctx: Context) -> list[str]:
    """The values an aggregate runs over: every row of a repeat's question, else the one value."""
    if isinstance(node, Ref) and node.name not in ctx.values and node.name in ctx.nodesets:
        return [answer_text(row) if not isinstance(row, Mapping) else "" for row in ctx.nodesets[node.name]]
    return [to_string(_eval(node, ctx))]


def _aggregate(name: str, items: list[str]) -> float:
    if name == "count":
        return float(len(items))
    numbers = [to_number(item) for item in items]
    if name == "sum":
        # XPath: a blank or non-numeric node makes the sum NaN, which a form shows as blank.
        return math.fsum(numbers) if numbers else 0.0
    if not numbers or any(math.isnan(number) for number in numbers):
        return math.nan
    return max(numbers) if name == "max" else min(numbers)

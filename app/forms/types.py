"""What a survey `type` cell means: a question type, a select with its list, a group edge, or a refusal."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.forms.model import INPUT_TYPES, META_TYPES

# Types a laptop cannot collect, with the plain words a county clerk knows them by.
UNCOLLECTABLE = {
    "geopoint": "GPS 定位坐标", "start-geopoint": "GPS 定位坐标", "geotrace": "GPS 轨迹",
    "geoshape": "GPS 地块范围", "image": "拍照", "photo": "拍照", "audio": "录音",
    "background-audio": "后台录音", "video": "录像", "file": "上传文件", "barcode": "扫条形码或二维码",
    "range": "滑块", "rank": "排序题", "osm": "OpenStreetMap 地图", "select_one_external": "外部选项表",
    "select_one_from_file": "外部选项文件", "select_multiple_from_file": "外部选项文件",
    "csv-external": "外部数据文件", "xml-external": "外部数据文件", "loop": "循环组（loop）",
    "begin loop": "循环组（loop）", "end loop": "循环组（loop）", "signature": "手写签名",
}
# Old spellings pyxform still accepts.
ALIASES = {
    "string": "text", "int": "integer", "trigger": "acknowledge", "phone number": "text",
    "select one": "select_one", "select all that apply": "select_multiple",
    "select multiple": "select_multiple", "begin_group": "begin group", "end_group": "end group",
    "begin_repeat": "begin repeat", "end_repeat": "end repeat", "begin_loop": "begin loop",
    "end_loop": "end loop", "looped group": "begin repeat",
}
PHONE_CONSTRAINT = r"regex(., '^\d*$')"

_SELECT = re.compile(
    r"(?P<kind>select_one|select one|select_multiple|select multiple|select all that apply)"
    r"(?:\s+from)?(?:\s+(?P<list>\S+?))?(?:\s+(?P<other>or_other|or specify other))?", re.IGNORECASE)


@dataclass(frozen=True)
class TypeCell:
    kind: str  # "question", "begin", "end", "refused", "unknown"
    type: str = ""  # question type, or group/repeat for begin/end
    list_name: str = ""
    or_other: bool = False
    refusal: str = ""


def read_type(text: str) -> TypeCell:
    spelled = " ".join(text.split())
    lower = spelled.lower()
    first = lower.split(" ", 1)[0]
    for refused in (lower, first, " ".join(lower.split(" ")[:2])):
        if refused in UNCOLLECTABLE or ALIASES.get(refused) in UNCOLLECTABLE:
            return TypeCell("refused", spelled, refusal=UNCOLLECTABLE[ALIASES.get(refused, refused)])
    lower = ALIASES.get(lower, lower)
    if lower in ("begin group", "begin repeat"):
        return TypeCell("begin", lower.split()[1])
    if lower in ("end group", "end repeat"):
        return TypeCell("end", lower.split()[1])
    select = _SELECT.fullmatch(spelled)
    if select:
        kind = ALIASES.get(select["kind"].lower(), select["kind"].lower())
        return TypeCell("question", kind, select["list"] or "", bool(select["other"]))
    if lower in INPUT_TYPES or lower in META_TYPES or lower in ("note", "calculate"):
        return TypeCell("question", lower)
    return TypeCell("unknown", spelled)

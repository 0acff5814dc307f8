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
# Old spellings pyxform still accepts (the keys of pyxform's question_type_dictionary and its aliases).
ALIASES = {
    "string": "text", "int": "integer", "trigger": "acknowledge", "phone number": "text",
    "add text prompt": "text", "q string": "text", "add integer prompt": "integer", "q int": "integer",
    "number of days in last month": "integer", "number of days in last six months": "integer",
    "number of days in last year": "integer", "percentage": "integer",
    "add decimal prompt": "decimal", "q decimal": "decimal", "add date prompt": "date", "q date": "date",
    "add date time prompt": "datetime", "add datetime prompt": "datetime", "q date time": "datetime",
    "q datetime": "datetime", "date time": "datetime", "add note prompt": "note", "q note": "note",
    "add calculate prompt": "calculate", "q calculate": "calculate", "add acknowledge prompt": "acknowledge",
    "q acknowledge": "acknowledge", "start time": "start", "get start time": "start", "end time": "end",
    "get end time": "end", "get today": "today", "device id": "deviceid", "get device id": "deviceid",
    "imei": "deviceid", "sim id": "simserial", "get sim id": "simserial", "subscriber id": "subscriberid",
    "get subscriber id": "subscriberid", "get phone number": "phonenumber",
    # Types we refuse, under their other names.
    "gps": "geopoint", "location": "geopoint", "add location prompt": "geopoint", "q geopoint": "geopoint",
    "q location": "geopoint", "background-geopoint": "geopoint", "q geotrace": "geotrace",
    "q geoshape": "geoshape", "add image prompt": "image", "add photo prompt": "image", "q image": "image",
    "q picture": "image", "add audio prompt": "audio", "q audio": "audio", "add video prompt": "video",
    "q video": "video", "select one external": "select_one_external",
    "select one from file": "select_one_from_file", "select multiple from file": "select_multiple_from_file",
    "add barcode prompt": "barcode", "q barcode": "barcode", "add file prompt": "file",
    "select one": "select_one", "select all that apply": "select_multiple",
    "select multiple": "select_multiple", "select1": "select_one",
    "add select one prompt using": "select_one", "add select multiple prompt using": "select_multiple",
    "begin_group": "begin group", "end_group": "end group",
    "begin_repeat": "begin repeat", "end_repeat": "end repeat", "begin_loop": "begin loop",
    "end_loop": "end loop", "looped group": "begin repeat",
}
PHONE_CONSTRAINT = r"regex(., '^\d*$')"
# The constraint some old type names carry with them (pyxform's question_type_dictionary).
TYPE_CONSTRAINTS = {
    "phone number": PHONE_CONSTRAINT,
    "number of days in last month": "0 <= . and . <= 31",
    "number of days in last six months": "0 <= . and . <= 183",
    "number of days in last year": "0 <= . and . <= 365",
    "percentage": "0 <= . and . <= 100",
}

_SELECT = re.compile(
    r"(?P<kind>select_one|select one|select_multiple|select multiple|select all that apply|select1"
    r"|add select one prompt using|add select multiple prompt using)"
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
    words = lower.split(" ")
    for refused in (lower, first, *(" ".join(words[:count]) for count in (2, 3, 4))):
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

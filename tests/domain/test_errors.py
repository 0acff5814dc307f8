import pickle

from app.domain.errors import UserFacingError


def test_message_field_and_location_are_kept() -> None:
    error = UserFacingError("身份证号码为空。", field="身份证号码", location="花名册.xlsx 第5行")
    assert error.message == "身份证号码为空。"
    assert error.field == "身份证号码"
    assert error.location == "花名册.xlsx 第5行"
    assert str(error) == "花名册.xlsx 第5行：身份证号码为空。"


def test_without_location_str_is_the_message() -> None:
    error = UserFacingError("请填写用户姓名。")
    assert error.field is None and error.location is None
    assert str(error) == "请填写用户姓名。"


def test_survives_pickling_for_worker_processes() -> None:
    error = UserFacingError("金额有误。", field="工资性收入", location="第3行")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.field, copy.location) == ("金额有误。", "工资性收入", "第3行")

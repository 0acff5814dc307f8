"""`fangpin --self-test`: does this installation work? One line per check, exit code 0 when all pass.

Works the same from source and from a PyInstaller build, so it is the first thing to run on a
grid worker's laptop after copying the program folder. Everything happens in a temporary folder:
the user's real profile (settings, databases, drafts, logs) is never read or written.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any

PASSWORD = "自检-密码-2026"
WORKER_VILLAGE = "131122100201"
TOWNSHIP = "131122100"
COUNTY = "131122"
DEMO_HOUSEHOLDS = 30
WINDOW_TIMEOUT_S = 30.0
QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")  # how every compiled Qt translation begins

# The platformdirs functions the application asks for its profile folders.
_PROFILE_FUNCTIONS = ("user_data_dir", "user_config_dir", "user_log_dir", "user_cache_dir", "user_state_dir",
                      "user_documents_dir", "user_runtime_dir")
_XDG_VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")

Output = Callable[[str], None]


class CheckFailed(Exception):
    """A check found something wrong; the message is shown after FAILED."""


@contextmanager
def isolated_profile(folder: Path) -> Iterator[None]:
    """Point every profile folder the application uses into ``folder`` while the self-test runs.

    Environment variables cover Linux; replacing platformdirs' functions covers Windows and macOS,
    where the folders come from the system, not from the environment."""
    import platformdirs

    saved_env = {name: os.environ.get(name) for name in (*_XDG_VARIABLES, "QT_QPA_PLATFORM")}
    saved_functions = {name: getattr(platformdirs, name) for name in _PROFILE_FUNCTIONS
                       if hasattr(platformdirs, name)}
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name in _XDG_VARIABLES:
        os.environ[name] = str(folder / "profile" / name.lower())

    def redirected(kind: str) -> Callable[..., str]:
        def directory(appname: str | None = None, *_args: Any, **_kwargs: Any) -> str:
            return str(folder / "profile" / kind / (appname or ""))
        return directory

    for name in saved_functions:
        setattr(platformdirs, name, redirected(name))
    try:
        yield
    finally:
        for name, function in saved_functions.items():
            setattr(platformdirs, name, function)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class SelfTest:
    """The checks, in order; later checks use what earlier ones made."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.county: Any = None  # ServiceContext of the demo county database
        self.household_id = ""
        self.card: Path | None = None  # the card PDF print_card wrote, previewed next
        self.opened: list[Any] = []

    def checks(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("资源文件", self.resources),
            ("加密数据库", self.encrypted_database),
            ("演示数据", self.demo_data),
            ("入户走访", self.visit),
            ("同步包往返", self.bundle_round_trip),
            ("打印明白卡", self.print_card),
            ("打印预览", self.print_preview),
            ("主窗口", self.main_window),
        ]

    # --- checks: each returns a short note for the OK line, or raises ---------------------------

    def resources(self) -> str:
        from app.resources import resource_path
        from app.services.forms import STANDARD_FORMS, standard_forms

        font = resource_path("fonts", "wqy-microhei.ttc")
        if not font.is_file() or font.stat().st_size < 1_000_000:
            raise CheckFailed(f"缺少中文字体：{font}")
        forms = standard_forms()
        if [form.form_id for form in forms] != list(STANDARD_FORMS):
            raise CheckFailed(f"标准表单不全：{[form.form_id for form in forms]}")
        translation = resource_path("i18n", "fangpin_en.qm")
        if not translation.is_file() or not translation.read_bytes().startswith(QM_MAGIC):
            raise CheckFailed(f"英文翻译文件缺失或损坏：{translation}")
        return f"字体、{len(forms)} 张标准表单、英文翻译"

    def encrypted_database(self) -> str:
        from app.domain.errors import WrongPassword
        from app.services.setup import initialize, open_context

        path = self.folder / "county.db"
        initialize(path, PASSWORD, role="county", division=COUNTY, user_name="自检").db.close()
        if path.read_bytes()[:16] == b"SQLite format 3\x00":
            raise CheckFailed("数据库文件没有加密")
        try:
            open_context(path, "错误的密码").db.close()
        except WrongPassword:
            pass
        else:
            raise CheckFailed("错误的密码也能打开数据库")
        self.county = self._keep(open_context(path, PASSWORD))
        return ""

    def demo_data(self) -> str:
        from app.services.demo import DemoService
        from app.services.listing import HouseholdFilter, HouseholdListing

        county = self._need_county()
        summary = DemoService(county).generate(DEMO_HOUSEHOLDS, seed=11)
        total = HouseholdListing(county).count(HouseholdFilter())
        if total != DEMO_HOUSEHOLDS:
            raise CheckFailed(f"应有 {DEMO_HOUSEHOLDS} 户，实际 {total} 户")
        listed = HouseholdListing(county).page(HouseholdFilter(), size=1)
        self.household_id = listed[0].id
        return f"{summary.households} 户"

    def visit(self) -> str:
        from app.services.households import HouseholdService
        from app.services.visits import VisitService

        county = self._need_county()
        if not self.household_id:
            raise CheckFailed("没有演示农户可走访")
        visit = VisitService(county).record(self.household_id, summary="程序自检走访")
        visits = HouseholdService(county).get(self.household_id).visits
        if visit.id not in {v.id for v in visits}:
            raise CheckFailed("走访记录没有保存")
        return ""

    def bundle_round_trip(self) -> str:
        from app.domain.idnumber import make_id_number
        from app.services.enrollment import EnrollmentService
        from app.services.households import HouseholdService
        from app.services.setup import initialize
        from app.services.sync import SyncService

        folder = self.folder / "sync"
        folder.mkdir()
        worker = self._keep(initialize(folder / "worker.db", PASSWORD, role="worker", division=WORKER_VILLAGE,
                                       user_name="自检网格员"))
        township = self._keep(initialize(folder / "township.db", PASSWORD, role="township", division=TOWNSHIP,
                                         user_name="自检站长"))
        EnrollmentService(worker).request(folder / "request.fpe")
        EnrollmentService(township).accept(folder / "request.fpe", folder / "reply.fpe")
        EnrollmentService(worker).complete(folder / "reply.fpe",
                                           EnrollmentService(worker).check_reply(folder / "reply.fpe").safety_number)
        household = HouseholdService(worker).create(
            {"village_code": WORKER_VILLAGE, "household_type": "脱贫户"},
            [{"name": "自检户主", "relation": "户主", "id_number": make_id_number(COUNTY, date(1965, 3, 4), 11)}])
        up = SyncService(worker).export("up", folder / "up.fpb")
        arrived = SyncService(township).import_file(up.path)
        if arrived.quarantined or arrived.applied == 0:
            raise CheckFailed(f"乡镇导入异常：应用 {arrived.applied} 条，隔离 {len(arrived.quarantined)} 条")
        if HouseholdService(township).get(household.id).household.head_name != "自检户主":
            raise CheckFailed("乡镇没有收到网格员登记的农户")
        down = SyncService(township).export(worker.db.device.name, folder / "down.fpb")
        back = SyncService(worker).import_file(down.path)
        if back.quarantined:
            raise CheckFailed(f"网格员导入时隔离了 {len(back.quarantined)} 条")
        return f"上行 {up.size} 字节，下行 {down.size} 字节"

    def print_card(self) -> str:
        import pypdfium2

        from app.services.printouts import DocumentKind, PrintRequest, write_document

        county = self._need_county()
        if not self.household_id:
            raise CheckFailed("没有演示农户可打印")
        out = self.folder / "明白卡.pdf"
        write_document(county, PrintRequest(DocumentKind.CARD, household=self.household_id), out)
        if not out.read_bytes().startswith(b"%PDF"):
            raise CheckFailed("生成的文件不是 PDF")
        document = pypdfium2.PdfDocument(str(out))
        try:
            pages = len(document)
            if pages < 1:
                raise CheckFailed("PDF 没有页面")
            page = document[0]
            bitmap = page.render(scale=0.5)
            width = bitmap.width
            bitmap.close()
            page.close()
        finally:
            document.close()
        if width <= 0:
            raise CheckFailed("PDF 无法显示")
        self.card = out
        return f"{pages} 页，{out.stat().st_size // 1024} KB"

    def print_preview(self) -> str:
        """The preview dialog on the card: Qt's printing module loads (the dialog's print button needs it) and
        pdfium's pages reach the screen as pictures."""
        if self.card is None:
            raise CheckFailed("没有明白卡 PDF 可预览")
        from app.ui.app import application
        from app.ui.pdf_preview import PdfPreview

        app = application()
        preview = PdfPreview(self.card, self.card.name)
        try:
            layout = preview.pages_layout
            labels = [layout.itemAt(index).widget() for index in range(layout.count())]
            pictures = [label.pixmap() for label in labels if label is not None]
            if not pictures or any(picture.isNull() for picture in pictures):
                raise CheckFailed("预览中没有页面图像")
            return f"{len(pictures)} 页，{pictures[0].width()}×{pictures[0].height()} 像素"
        finally:
            preview.close()
            preview.deleteLater()
            app.processEvents()

    def main_window(self) -> str:
        county = self._need_county()
        from app.ui import tasks
        from app.ui.app import application, main_window
        from app.ui.settings import Settings

        hook = sys.excepthook
        errors: list[str] = []
        app = application()
        # The crash dialog would wait for a click nobody gives: collect unexpected errors instead.
        sys.excepthook = lambda kind, error, trace: errors.append("".join(
            traceback.format_exception_only(kind, error)).strip())
        window = None
        try:
            window = main_window(county, Settings(database=str(county.db.location)))
            window.show()
            deadline = time.monotonic() + WINDOW_TIMEOUT_S
            rows = 0
            while time.monotonic() < deadline and not errors:
                app.processEvents()
                rows = window.households.model.rowCount()
                if rows > 0:
                    break
                time.sleep(0.02)
            if errors:
                raise CheckFailed(errors[0])
            if rows == 0:
                raise CheckFailed(f"{WINDOW_TIMEOUT_S:.0f} 秒内农户列表仍是空的")
            if window.windowIcon().pixmap(32, 32).isNull():  # the PNG icon is read, not only found
                raise CheckFailed("程序图标无法显示")
            return f"农户列表 {rows} 行，图标"
        finally:
            if window is not None:
                window.close()
            tasks.wait_all()
            app.processEvents()
            if window is not None:
                window.deleteLater()
                app.processEvents()
            sys.excepthook = hook

    # --- helpers --------------------------------------------------------------------------------

    def _keep(self, ctx: Any) -> Any:
        self.opened.append(ctx)
        return ctx

    def _need_county(self) -> Any:
        if self.county is None:
            raise CheckFailed("加密数据库未能打开，无法进行这一项")
        return self.county

    def close(self) -> None:
        for ctx in self.opened:
            with suppress(Exception):  # closing must not hide the results
                ctx.db.close()
        self.opened.clear()


def _detach_logs(folder: Path) -> None:
    """Close log files the application opened inside the temporary folder (Windows cannot delete
    open files)."""
    for logger in (logging.getLogger(), logging.getLogger("fangpin")):
        for handler in list(logger.handlers):
            path = getattr(handler, "baseFilename", "")
            if path and Path(path).is_relative_to(folder):
                logger.removeHandler(handler)
                handler.close()


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    if not isinstance(error, CheckFailed):
        text = f"{type(error).__name__}: {text}"
    return " ".join(text.split())


def run_self_test(output: Output | None = None) -> int:
    """Run every check, printing one line each; 0 when all passed, 1 otherwise."""
    write = output or _console_line
    failed = 0
    with tempfile.TemporaryDirectory(prefix="fangpin-selftest-", ignore_cleanup_errors=True) as name:
        folder = Path(name)
        with isolated_profile(folder):
            test = SelfTest(folder)
            try:
                for label, check in test.checks():
                    try:
                        note = check()
                    except Exception as error:
                        failed += 1
                        write(f"{label} … FAILED: {_reason(error)}")
                    else:
                        write(f"{label} … OK" + (f"（{note}）" if note else ""))
            finally:
                test.close()
                _detach_logs(folder)
    return 0 if failed == 0 else 1


def _console_line(line: str) -> None:
    stream = sys.stdout
    if stream is None:  # the windowed executable has no console
        return
    try:
        stream.write(line + "\n")
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(line.encode(encoding, errors="replace").decode(encoding) + "\n")
    stream.flush()

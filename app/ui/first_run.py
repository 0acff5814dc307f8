"""The first run: try the app on demo data, or set this computer up for its user and scope."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.domain.divisions import Division, DivisionLevel, load_divisions
from app.domain.passwords import password_problem
from app.domain.procedure import ROLE_LABELS, Role
from app.services.context import ServiceContext
from app.services.setup import BUILTIN_DIVISIONS, initialize
from app.ui import tasks
from app.ui.messages import show_error
from app.ui.settings import DEMO_PASSWORD

DEMO_HOUSEHOLDS = 2000
# The level whose code a role's scope is.
SCOPE_LEVEL = {Role.WORKER: DivisionLevel.VILLAGE, Role.TOWNSHIP: DivisionLevel.TOWNSHIP,
               Role.COUNTY: DivisionLevel.COUNTY}


class _StartPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("欢迎使用防贫网格通"))
        self.setSubTitle(self.tr("数据只保存在这台电脑上，并用您的密码加密。"))
        layout = QVBoxLayout(self)
        self.demo = QRadioButton(self.tr("先用演示数据试一试（武邑县 2000 户演示农户，密码 demo）"))
        self.real = QRadioButton(self.tr("为本机建立工作数据库（选择角色和工作范围）"))
        self.demo.setChecked(True)
        layout.addWidget(self.demo)
        layout.addWidget(self.real)
        layout.addStretch()

    def nextId(self) -> int:
        return FirstRunWizard.DEMO_PAGE if self.demo.isChecked() else FirstRunWizard.SCOPE_PAGE


class _ScopePage(QWizardPage):
    def __init__(self, divisions: list[Division]) -> None:
        super().__init__()
        self.divisions = divisions
        self.setTitle(self.tr("角色和工作范围"))
        self.setSubTitle(self.tr("网格员选择所管的村，乡镇工作站选择乡镇，县防贫中心选择县。"))
        layout = QFormLayout(self)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(ROLE_LABELS[role], role)
        self.county = QComboBox()
        self.township = QComboBox()
        self.village = QComboBox()
        layout.addRow(self.tr("角色"), self.role)
        layout.addRow(self.tr("县（市、区）"), self.county)
        layout.addRow(self.tr("乡镇（街道）"), self.township)
        layout.addRow(self.tr("村（社区）"), self.village)
        self._fill(self.county, DivisionLevel.COUNTY, None)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.county.currentIndexChanged.connect(
            lambda: self._fill(self.township, DivisionLevel.TOWNSHIP, self.county.currentData()))
        self.township.currentIndexChanged.connect(
            lambda: self._fill(self.village, DivisionLevel.VILLAGE, self.township.currentData()))
        self._fill(self.township, DivisionLevel.TOWNSHIP, self.county.currentData())
        self._fill(self.village, DivisionLevel.VILLAGE, self.township.currentData())
        self._role_changed()

    def _fill(self, box: QComboBox, level: DivisionLevel, parent: str | None) -> None:
        box.clear()
        for division in self.divisions:
            if division.level == level and (parent is None or division.parent_code == parent):
                box.addItem(f"{division.name}（{division.code}）", division.code)

    def _role_changed(self) -> None:
        role = Role(self.role.currentData())  # Qt hands the enum back as its plain string value
        self.township.setEnabled(role in (Role.WORKER, Role.TOWNSHIP))
        self.village.setEnabled(role is Role.WORKER)

    def scope(self) -> tuple[Role, str]:
        role = Role(self.role.currentData())
        box = {DivisionLevel.VILLAGE: self.village, DivisionLevel.TOWNSHIP: self.township,
               DivisionLevel.COUNTY: self.county}[SCOPE_LEVEL[role]]
        return role, box.currentData() or ""

    def validatePage(self) -> bool:
        return bool(self.scope()[1])


class _UserPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("使用人和密码"))
        self.setSubTitle(self.tr("密码用来加密数据库，忘记后只能由乡镇工作站帮助恢复，请牢记。"))
        layout = QFormLayout(self)
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        layout.addRow(self.tr("姓名"), self.user)
        layout.addRow(self.tr("密码"), self.password)
        layout.addRow(self.tr("再输一次密码"), self.repeat)
        layout.addRow(self.problem)

    def nextId(self) -> int:
        return -1

    def validatePage(self) -> bool:
        if not self.user.text().strip():
            return self._refuse(self.tr("请填写使用人姓名。"))
        problem = password_problem(self.password.text())
        if problem is not None:
            return self._refuse(self.tr(problem))
        if self.password.text() != self.repeat.text():
            return self._refuse(self.tr("两次输入的密码不一样，请重新输入。"))
        return True

    def _refuse(self, text: str) -> bool:
        self.problem.setText(text)
        return False


class _DemoPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("演示数据库"))
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("将创建一个含 {n} 户演示农户的武邑县数据库，用时约半分钟。\n"
                               "演示数据库的密码是“demo”。以后可以在“文件 → 打开数据库”中打开其他数据库。")
                       .format(n=DEMO_HOUSEHOLDS))
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addStretch()

    def nextId(self) -> int:
        return -1


class FirstRunWizard(QWizard):
    """Creates the database (off the UI thread); the opened context is ``self.ctx`` when accepted."""

    START_PAGE, SCOPE_PAGE, USER_PAGE, DEMO_PAGE = range(4)

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.ctx: ServiceContext | None = None
        self.is_demo = False
        self.setWindowTitle(self.tr("防贫网格通 — 首次使用"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(640, 460)
        self.start_page = _StartPage()
        self.scope_page = _ScopePage(load_divisions(BUILTIN_DIVISIONS))
        self.user_page = _UserPage()
        self.demo_page = _DemoPage()
        for page_id, page in ((self.START_PAGE, self.start_page), (self.SCOPE_PAGE, self.scope_page),
                              (self.USER_PAGE, self.user_page), (self.DEMO_PAGE, self.demo_page)):
            self.setPage(page_id, page)
        self.scope_page.setFinalPage(False)

    def accept(self) -> None:
        """Validate the last page, then create the database; the wizard closes only when it exists and is open.

        QWizard's own accept() validates the current page; this override must do so itself, or a refused
        password would already have made the database."""
        if not self.validateCurrentPage():
            return
        self.database.parent.mkdir(parents=True, exist_ok=True)
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        if self.start_page.demo.isChecked():
            self.is_demo = True

            def job(progress: tasks.Progress, _cancelled: object) -> ServiceContext:
                from app.services.demo import create_demo_database

                return create_demo_database(self.database, DEMO_PASSWORD,
                                            households=DEMO_HOUSEHOLDS, seed=1, progress=progress)
            title = self.tr("正在生成演示数据……")
        else:
            role, scope = self.scope_page.scope()
            user, password = self.user_page.user.text().strip(), self.user_page.password.text()

            def job(progress: tasks.Progress, _cancelled: object) -> ServiceContext:
                return initialize(self.database, password, role=role.value, division=scope,
                                  user_name=user)
            title = self.tr("正在建立数据库……")
        tasks.start_with_progress(self, title, job, self._created, self._failed, cancellable=False)

    def _created(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        super().accept()

    def _failed(self, error: BaseException) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        show_error(self, error)

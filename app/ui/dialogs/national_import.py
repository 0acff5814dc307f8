"""文件 → 从全国系统导入: the national system's household-member export, as the roster import does it —
choose the file (and the county's template), see the dry run row by row, confirm with the counts,
import in one transaction, then only 完成 and 打开报告. Every step runs off the UI thread through the
same use case as ``fangpin national import``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget, QWizard, QWizardPage

from app.domain.errors import UserFacingError
from app.services.context import ServiceContext
from app.services.excel.importing import ImportResult
from app.services.national.importing import NationalImportResult, NationalImportService
from app.ui import tasks
from app.ui.file_choice import FileChoice
from app.ui.import_wizard import ImportResultPage, RowImportWizard
from app.ui.messages import show_error


class _FilePage(QWizardPage):
    def __init__(self, wizard: NationalImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("选择全国系统导出的文件"))
        self.setSubTitle(self.tr("全国防返贫监测信息系统导出的户成员信息（.xlsx）。户按户编号或户主身份证号、成员按身份证号对应，"
                                 "不会重复；监测记录和帮扶措施作为历史导入，不重走识别程序。"))
        form = QFormLayout(self)
        self.file = FileChoice(self.tr("选择全国系统导出的文件"), self.tr("Excel 表格 (*.xlsx *.xlsm *.xls)"))
        form.addRow(self.tr("文件"), self.file)
        self.template = FileChoice(self.tr("选择模板"), self.tr("模板 (*.json)"),
                                   self.tr("不填则用程序自带的信息采集表模板"))
        form.addRow(self.tr("本县模板"), self.template)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        form.addRow(self.problem)
        self.file.edit.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return self.file.path() is not None

    def validatePage(self) -> bool:
        """Check the file (off the UI thread); the wizard moves on when the dry run is done."""
        if self.owner.advancing:
            return True
        self.problem.clear()
        self.owner.dry_run()
        return False


class _NationalResultPage(ImportResultPage):
    """The roster import's row-by-row page, with what only the national system brings."""

    def initializePage(self) -> None:
        super().initializePage()
        national = self.owner.applied_national if self.final else self.owner.preview_national
        assert national is not None
        text = (self.tr("监测记录 {cases} 条、帮扶措施 {measures} 项作为历史导入。") if self.final
                else self.tr("将导入监测记录 {cases} 条、帮扶措施 {measures} 项（作为历史，不重走识别程序）。"))
        lines = [self.summary.text(), text.format(cases=national.cases_added, measures=national.measures_added)]
        if national.problems:
            lines.append(self.tr("以下各户的监测信息未导入（户和成员照常导入）："))
            lines += national.problems
        self.summary.setText("\n".join(lines))


class NationalImportWizard(RowImportWizard):
    FILE, PREVIEW, DONE = range(3)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.national = NationalImportService(ctx)
        # The result pages save the row-by-row report through the roster import's writer.
        self.service = self.national.roster
        self.preview_national: NationalImportResult | None = None
        self.applied_national: NationalImportResult | None = None
        self.setWindowTitle(self.tr("从全国系统导入"))
        self.file_page = _FilePage(self)
        self.preview_page = _NationalResultPage(self, final=False)
        self.done_page = _NationalResultPage(self, final=True)
        for page_id, page in ((self.FILE, self.file_page), (self.PREVIEW, self.preview_page),
                              (self.DONE, self.done_page)):
            self.setPage(page_id, page)
        self.preview_page.setButtonText(QWizard.WizardButton.NextButton, self.tr("正式导入"))
        self.resize(960, 640)

    @property
    def preview(self) -> ImportResult | None:
        return self.preview_national.roster if self.preview_national else None

    @property
    def applied(self) -> ImportResult | None:
        return self.applied_national.roster if self.applied_national else None

    def _chosen(self) -> tuple[Path, Path | None]:
        path = self.file_page.file.path()
        assert path is not None  # the page is complete only with a file
        return path, self.file_page.template.path()

    def confirm(self) -> bool:
        """Ask before writing, with what the dry run found."""
        assert self.preview_national is not None
        s = self.preview_national.summary()
        return self.ask_to_import(
            self.tr("将新增 {added} 户、更新 {updated} 户、未变 {unchanged} 户、拒绝 {refused} 户；"
                    "监测记录 {cases} 条、帮扶措施 {measures} 项。确定正式导入吗？").format(
                added=s["added"], updated=s["updated"], unchanged=s["unchanged"],
                refused=s["refused"], cases=s["cases_added"], measures=s["measures_added"]),
            self.tr("导入在一个事务中完成：要么全部写入，要么什么都不写。导入的内容记为已录入全国系统。"))

    # --- the two jobs: each runs off the UI thread, then moves the wizard on ---------------------

    def dry_run(self) -> None:
        path, template = self._chosen()

        def done(result: NationalImportResult) -> None:
            self.preview_national = result
            self.move_on()

        tasks.start_with_progress(
            self, self.tr("正在核对每一户……"),
            lambda _progress, _cancelled: self.national.run(path, template=template, dry_run=True),
            done, self._failed, cancellable=False)

    def apply(self) -> None:
        path, template = self._chosen()

        def done(result: NationalImportResult) -> None:
            self.applied_national = result
            self.move_on()

        tasks.start_with_progress(
            self, self.tr("正在导入……"),
            lambda _progress, _cancelled: self.national.run(path, template=template),
            done, self._failed, cancellable=False)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserFacingError) and self.currentId() == self.FILE:
            self.file_page.problem.setText(error.message)
            return
        show_error(self, error)

from datetime import date

from sqlalchemy import Text
from sqlmodel import Field

from app.store.models.base import SyncedModel


class FormVersion(SyncedModel, table=True):
    """One installed version of a questionnaire form, kept as the county's .xlsx (base64) so it
    travels down in bundles and can be read again exactly; old versions stay for old visits."""

    form_id: str = Field(max_length=64, index=True)
    version: str = Field(max_length=32)
    title: str = Field(max_length=100)
    xlsx_base64: str = Field(sa_type=Text)
    sha256: str = Field(max_length=64)
    installed_on: date
    installed_by: str = Field(max_length=40)

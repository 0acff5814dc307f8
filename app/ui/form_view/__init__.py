"""Questionnaire forms rendered as Qt widgets; the form engine (app.forms) does the thinking."""

from app.ui.form_view.view import FormView

__all__ = ["FormView"]

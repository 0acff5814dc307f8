"""Questionnaires as XLSForm data: read (xlsform), formulas (expressions), filling in (filling); no Qt."""

#!/usr/bin/env bash
# Programs some tests need beside Python: LibreOffice Calc prints every exported Excel ledger to PDF
# (tests/excel/test_ledger_printing.py) and poppler-utils' pdftotext reads the PDF's text back.
# Install Debian's packages for whichever is missing. No font package is needed: the test points
# LibreOffice at the application's own CJK font (resources/fonts) through a private fontconfig file.
set -euo pipefail

missing=()
if ! command -v soffice >/dev/null 2>&1 && ! command -v libreoffice >/dev/null 2>&1; then
    missing+=(libreoffice-calc)
fi
if ! command -v pdftotext >/dev/null 2>&1; then
    missing+=(poppler-utils)
fi
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi
"$(dirname "$0")/apt-install.sh" "台账打印测试需要 LibreOffice 和 pdftotext" "${missing[@]}"
{ command -v soffice || command -v libreoffice; } >/dev/null
command -v pdftotext >/dev/null

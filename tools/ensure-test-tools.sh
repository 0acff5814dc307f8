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
echo "Test tools not found: installing Debian's ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "需要 LibreOffice 和 pdftotext 来运行台账打印测试：请安装 ${missing[*]} 软件包（sudo apt-get install ${missing[*]}）。" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
{ command -v soffice || command -v libreoffice; } >/dev/null
command -v pdftotext >/dev/null

#!/bin/sh
# Install the system tools vanban uses beyond Python (Debian/Ubuntu):
#   tesseract-ocr, tesseract-ocr-vie  OCR of scanned PDFs (pipeline/ingest/ocr.py)
#   libreoffice-writer-nogui          .doc/.odt/.rtf -> .docx and .docx -> .pdf (pipeline/ingest/convert.py)
#   fonts-dejavu-core, fonts-liberation2  fonts with Vietnamese glyphs for the PDF rendering
# Idempotent and quiet: does nothing when everything is present. Needs root (or sudo).
# Usage: scripts/install-system-deps.sh [--check]   (--check: only report what is missing, exit 1 if any)
set -eu

PACKAGES="tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui fonts-dejavu-core fonts-liberation2"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi
if [ "${1:-}" = "--check" ]; then
    echo "missing system packages:$missing" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "apt-get not found; install by hand:$missing" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "need root to install:$missing" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "installed:$missing"

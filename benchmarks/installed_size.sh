#!/bin/sh
# Installed size of nnguide: build the wheel, install it (not editable) into a fresh venv,
# measure site-packages and check that the digits model still trains. See README.md.
set -eu
PYTHON=${PYTHON:-python3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$PYTHON" -m pip wheel --quiet --no-deps -w "$WORK/dist" "$(dirname "$0")/.."
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --upgrade pip
"$WORK/venv/bin/pip" install --quiet "$WORK"/dist/nnguide-*.whl
SITE=$("$WORK/venv/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
echo "wheel:          $(du -h "$WORK"/dist/nnguide-*.whl | cut -f1)"
echo "site-packages:  $(du -sh "$SITE" | cut -f1) (du -sh), $(du -sh --apparent-size "$SITE" | cut -f1) apparent"
echo "distributions:  $("$WORK/venv/bin/pip" list --format=freeze 2>/dev/null | wc -l) (with pip, setuptools)"
"$WORK/venv/bin/pip" list --format=freeze 2>/dev/null | grep -i -E '^(scikit-learn|scipy)==' \
    && echo "scikit-learn or scipy installed" || echo "no scikit-learn, no scipy"
cd "$WORK" && "$WORK/venv/bin/nnguide" fit digits | tail -1

#!/bin/sh
# Make sure a Chromium the browser tests can drive is installed.
# Playwright's own browser download is not used: it needs a network we may not have.
set -e
if [ -n "$NNGUIDE_CHROMIUM" ] && [ -x "$NNGUIDE_CHROMIUM" ]; then exit 0; fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -x "$candidate" ]; then exit 0; fi
done
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "Installing Chromium for the browser tests (apt-get)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    exit 0
fi
if command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
    echo "Installing Chromium for the browser tests (sudo apt-get)…"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    exit 0
fi
echo "Trying Playwright's own Chromium download…"
.venv/bin/playwright install chromium || {
    echo "No Chromium found. Install it (e.g. 'apt-get install chromium') or set NNGUIDE_CHROMIUM." >&2
    exit 1
}

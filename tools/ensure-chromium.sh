#!/bin/sh
# The browser test (tests/test_browser.py) drives Debian's chromium with Playwright; it never
# downloads a browser. Install chromium where this script can (root on Debian or Ubuntu,
# as in CI); elsewhere say how, and the browser test is skipped with that reason.
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installation de chromium (tests navigateur)…"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
      || echo "chromium n'a pas pu être installé : le test navigateur sera ignoré."
  fi
else
  echo "chromium absent : le test navigateur sera ignoré (sous Debian : apt-get install chromium)."
fi
exit 0

#!/usr/bin/env bash
# `npm test` runs this first (the `pretest` script): installs the programs the tests run for real,
# when they are missing, on Debian/Ubuntu (apt-get, as root or through sudo without a password):
#
#   chromium, fonts-dejavu-core  the browser of the page's tests (test/web, via playwright-core);
#                                on Ubuntu, whose chromium package is a snap, Playwright's own
#                                Chromium build (npx playwright-core install --with-deps chromium)
#   mosquitto                    the MQTT broker of the alerts tests (test/alerts/mqtt.test.ts)
#   libhamlib-utils              rotctld/rigctld dummy models of the radio tests
#
# Anything else the tests need comes through npm. PASSWATCH_TEST_DEPS=skip skips this check;
# PASSWATCH_TEST_DEPS=check only reports what is missing.
set -euo pipefail

mode="${PASSWATCH_TEST_DEPS:-install}"
[ "$mode" = skip ] && exit 0

have_pkg() { command -v dpkg-query >/dev/null 2>&1 && dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
have_file() { [ -e "$1" ]; }

os_id=''
[ -r /etc/os-release ] && os_id="$(. /etc/os-release && echo "${ID:-}")"

missing=()
# package:file that proves it is there (without dpkg, e.g. installed by other means)
for entry in mosquitto:/usr/sbin/mosquitto libhamlib-utils:/usr/bin/rotctld fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf; do
  pkg="${entry%%:*}" file="${entry#*:}"
  have_file "$file" || have_pkg "$pkg" || missing+=("$pkg")
done
playwright_chromium() {
  node -e "import('playwright-core').then((m) => process.exit(require('node:fs').existsSync(m.chromium.executablePath()) ? 0 : 1), () => process.exit(1))"
}
browser=ok
if [ -n "${PASSWATCH_CHROMIUM:-}" ] || have_file /usr/bin/chromium; then
  :
elif [ "$os_id" = ubuntu ]; then
  playwright_chromium || browser=playwright
else
  missing+=(chromium)
fi

if [ "${#missing[@]}" -eq 0 ] && [ "$browser" = ok ]; then exit 0; fi

sudo=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo='sudo'
  else
    sudo='none'
  fi
fi

explain() {
  {
    echo "passwatch tests: programs the tests need are missing"
    [ "${#missing[@]}" -gt 0 ] && echo "  install them:  sudo apt-get install ${missing[*]}"
    [ "$browser" = playwright ] && echo "  and a browser: npx playwright-core install --with-deps chromium"
    echo "  (or set PASSWATCH_TEST_DEPS=skip to run the tests anyway; those needing them fail)"
  } >&2
}

if [ "$mode" = check ] || ! command -v apt-get >/dev/null 2>&1 || [ "$sudo" = none ]; then
  explain
  [ "$mode" = check ] && exit 0
  exit 1
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "passwatch tests: installing ${missing[*]} (apt-get)" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
if [ "$browser" = playwright ]; then
  echo "passwatch tests: installing Playwright's Chromium (Ubuntu's chromium package is a snap)" >&2
  if [ -n "$sudo" ]; then
    $sudo "$(command -v node)" node_modules/playwright-core/cli.js install-deps chromium >&2
    node node_modules/playwright-core/cli.js install chromium >&2
  else
    node node_modules/playwright-core/cli.js install --with-deps chromium >&2
  fi
fi

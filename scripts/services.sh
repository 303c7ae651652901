#!/usr/bin/env bash
# Makes sure the services the test suite talks to are installed and running:
# PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and MariaDB on 127.0.0.1:3306 (root, no
# password). On the project's machines both already run; elsewhere this installs and starts them.
# Also installs Debian's Prometheus (`/usr/bin/prometheus`, `promtool`), which the Prometheus
# data source tests and bench/query start themselves on free ports, and Debian's Chromium for
# the web UI's browser tests.
set -euo pipefail

log() { printf '[services] %s\n' "$*"; }

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    log "cannot install $* without root; install it yourself"; return 1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

wait_for() { # command description
  for _ in $(seq 1 60); do
    if eval "$1" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  log "$2 did not come up"; return 1
}

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  log "starting PostgreSQL"
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for "pg_isready -q -h 127.0.0.1 -p 5432" PostgreSQL
  # Trust local TCP connections for the postgres user, as the project's machines are set up.
  if ! psql -h 127.0.0.1 -U postgres -c 'select 1' >/dev/null 2>&1; then
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  fi
}

ensure_mariadb() {
  if mysqladmin -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1; then return 0; fi
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server
  log "starting MariaDB"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  wait_for "mysqladmin -h 127.0.0.1 -P 3306 -u root ping" MariaDB
}

# The Prometheus data source tests start their own server; only the binaries are needed.
ensure_prometheus() {
  if [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]; then return 0; fi
  apt_install prometheus
}

# The web UI's build needs Node.js (20.19 or newer, with npm; the project's machines have it)
# and its browser tests Debian's Chromium, which they drive headless. No browser is downloaded.
ensure_ui_tools() {
  if ! command -v npm >/dev/null 2>&1; then
    log "Node.js/npm not found; trying Debian's nodejs and npm (the UI needs Node.js 20.19 or newer)"
    apt_install nodejs npm || true
  fi
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Chromium for the browser tests"
    apt_install chromium
  fi
}

# Databases left behind by test runs that were killed.
drop_stale_test_databases() {
  psql -h 127.0.0.1 -U postgres -Atc "select datname from pg_database where datname like 'sightline_test_%'" 2>/dev/null |
    while read -r name; do psql -h 127.0.0.1 -U postgres -qc "drop database if exists $name with (force)" >/dev/null 2>&1 || true; done
  mariadb -h 127.0.0.1 -u root -N -e "show databases like 'sightline\_test\_%'" 2>/dev/null |
    while read -r name; do mariadb -h 127.0.0.1 -u root -e "drop database if exists $name" || true; done
}

ensure_postgres
ensure_mariadb
ensure_prometheus
ensure_ui_tools
drop_stale_test_databases
log "PostgreSQL and MariaDB are up"

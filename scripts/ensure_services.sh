#!/usr/bin/env bash
# Starts the local PostgreSQL and Redis the test suite uses, if they are not already answering.
set -euo pipefail

wait_for() {  # description, command...
  local what=$1; shift
  for _ in $(seq 1 30); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "ERROR: $what did not come up within 30 s" >&2
  return 1
}

if pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "==> PostgreSQL: running on 127.0.0.1:5432"
else
  echo "==> PostgreSQL: starting"
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    echo "ERROR: no PostgreSQL cluster in /etc/postgresql (is the postgresql package installed?)" >&2
    exit 1
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  wait_for "PostgreSQL" pg_isready -q -h 127.0.0.1 -p 5432
fi
if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  echo "ERROR: PostgreSQL answers but user 'postgres' cannot log in over TCP without a password." >&2
  echo "       Allow it in pg_hba.conf ('host all postgres 127.0.0.1/32 trust') or set DATABASE_URL." >&2
  exit 1
fi

if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  echo "==> Redis: running on 127.0.0.1:6379"
else
  echo "==> Redis: starting"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  wait_for "Redis" redis-cli -h 127.0.0.1 -p 6379 ping
fi

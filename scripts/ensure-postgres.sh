#!/usr/bin/env bash
# The PostgreSQL store's tests need a real server: 127.0.0.1:5432, role postgres with trust authentication
# for local TCP connections, database `test`. Start the cluster when it is stopped; install it from
# Debian's packages when it is missing. Quiet when all is well. A DATABASE_URL_TEST pointing elsewhere is
# the operator's server: it is left alone.
set -euo pipefail
[ -n "${DATABASE_URL_TEST:-}" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else sudo="missing"; fi
as_root() {
  if [ "$sudo" = "missing" ]; then
    echo "root 権限がないため PostgreSQL を準備できません。postgresql をインストールして起動するか、DATABASE_URL_TEST にテスト用のデータベースを指定してください。" >&2
    exit 1
  fi
  $sudo "$@"
}
ready() { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; }
connects() { psql -w -h 127.0.0.1 -p 5432 -U postgres -d "$1" -Atqc 'SELECT 1' >/dev/null 2>&1; }

ready && connects test && exit 0

if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  echo "PostgreSQL のテストに必要な postgresql を Debian のパッケージからインストールします…" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version="$(ls /etc/postgresql | sort -V | tail -n 1)"

if ! ready; then
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do ready && break; sleep 1; done
  ready || { echo "PostgreSQL $version を起動できませんでした。/var/log/postgresql/ のログを確認してください。" >&2; exit 1; }
fi

if ! connects postgres; then
  echo "テスト用に、このマシンからの TCP 接続をパスワードなしで受け付けるよう PostgreSQL を設定します…" >&2
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  as_root sed -i '1i # madoguchi tests (scripts/ensure-postgres.sh): local TCP connections without a password\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  for _ in $(seq 1 10); do connects postgres && break; sleep 1; done
fi

connects test || psql -w -h 127.0.0.1 -p 5432 -U postgres -d postgres -qc 'CREATE DATABASE test'

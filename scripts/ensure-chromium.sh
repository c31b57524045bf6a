#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (playwright-core never downloads a browser). Install it when
# missing: as root directly, otherwise through sudo; say how to fix it when neither works.
set -euo pipefail
browser="${MADOGUCHI_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then exit 0; fi
echo "Chromium が見つかりません（$browser）。Debian のパッケージからインストールします…" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "root 権限がないためインストールできません。apt-get install chromium を実行するか、MADOGUCHI_CHROMIUM に Chromium のパスを指定してください。" >&2
  exit 1
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
"$browser" --version >&2

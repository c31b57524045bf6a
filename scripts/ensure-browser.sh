#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (playwright-core never downloads a browser) and save
# screenshots for the manuals, which need a Japanese font. Install what is missing: as root directly,
# otherwise through sudo; say how to fix it when neither works.
set -euo pipefail
browser="${MADOGUCHI_CHROMIUM:-/usr/bin/chromium}"
packages=()
[ -x "$browser" ] || packages+=(chromium)
if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=ja 2>/dev/null)" ]; then packages+=(fonts-noto-cjk); fi
[ ${#packages[@]} -eq 0 ] && exit 0
echo "ブラウザーのテストに必要な ${packages[*]} を Debian のパッケージからインストールします…" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "root 権限がないためインストールできません。apt-get install ${packages[*]} を実行するか、MADOGUCHI_CHROMIUM に Chromium のパスを指定してください。" >&2
  exit 1
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
"$browser" --version >&2

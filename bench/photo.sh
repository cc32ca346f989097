#!/usr/bin/env bash
# The photo pipeline side by side with vips and ImageMagick on one
# 12-megapixel JPEG: median wall time and peak memory over RUNS runs each.
# Needs: Debian libvips-tools, imagemagick and time (scripts/setup.sh bench).
# Usage: bench/photo.sh [RUNS]   (default 11)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ourvoice=./target/release/ourvoice
[ -x "$ourvoice" ] || cargo build --release -p ourvoice

# A 4000 x 3000 picture with detail everywhere (not a flat colour).
convert -seed 7 -size 4000x3000 plasma:fractal -blur 0x1 -quality 92 "$work/in.jpg"
echo "input: $(identify -format '%w x %h, %b' "$work/in.jpg")"

measure() { # name, command...
  local name=$1; shift
  local times=() peaks=()
  for _ in $(seq "$runs"); do
    local start=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o "$work/time" "$@" >/dev/null 2>&1
    local end=$EPOCHREALTIME
    t=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", (e - s) * 1000 }'); m=$(cat "$work/time")
    times+=("$t"); peaks+=("$m")
  done
  local median peak
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  peak=$(printf '%s\n' "${peaks[@]}" | sort -n | tail -1)
  printf '| %s | %.0f | %d |\n' "$name" "$median" "$((peak / 1024))"
}

echo
echo "| tool (1600 px long edge, JPEG quality 82, metadata stripped) | median ms | peak MiB |"
echo "|---|---|---|"
measure "ourvoice photo (also makes the 256 px thumbnail)" "$ourvoice" photo "$work/in.jpg" "$work/ov.jpg"
measure "vips thumbnail" vips thumbnail "$work/in.jpg" "$work/vips.jpg[Q=82,strip]" 1600
measure "ImageMagick convert -resize" convert "$work/in.jpg" -auto-orient -strip -resize 1600x1600 -quality 82 "$work/im.jpg"

#!/usr/bin/env bash
# `ourvoice card` for a post of 8 symbols: median wall time and peak memory
# over RUNS runs (the whole command: loading both symbol sets, turning the
# words into symbols, drawing and writing the PNG).
# Usage: bench/card.sh [RUNS]   (default 21)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ourvoice=./target/release/ourvoice
[ -x "$ourvoice" ] || cargo build --release -p ourvoice
text="Friends took the bus to the park for cake, tea, music and a dance."
symbols=$("$ourvoice" symbolise "$text" | grep -c '"symbol": {' || true)
echo "text: \"$text\" ($symbols symbols)"
times=() peaks=()
for _ in $(seq "$runs"); do
  start=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$work/time" "$ourvoice" card --text "$text" "$work/card.png" 2>/dev/null
  end=$EPOCHREALTIME
  t=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", (e - s) * 1000 }'); m=$(cat "$work/time")
  times+=("$t"); peaks+=("$m")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
worst=$(printf '%s\n' "${times[@]}" | sort -n | tail -1)
peak=$(printf '%s\n' "${peaks[@]}" | sort -n | tail -1)
echo "| ourvoice card, $symbols symbols | median $median ms | slowest $worst ms | peak $((peak / 1024)) MiB | $(stat -c %s "$work/card.png") bytes |"

#!/usr/bin/env bash
# POST /speech (the words in a JSON body) for a 20-word post, uncached and cached, against running
# `espeak-ng -w` on the same texts in the same run.
#
# Starts the release server on a fresh database with the demo data, signs
# in as the demo co-producer, then for RUNS different texts (each a 20-word
# post with its own number) times: the first request (espeak-ng runs in the
# server), a repeat (answered from the disk cache), and the espeak-ng
# command writing a WAV of the same text. Request times are curl's
# time_total over loopback.
# Usage: bench/speech.sh [RUNS]   (default 21)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
port=${OURVOICE_BENCH_PORT:-3177}
work=$(mktemp -d)
ourvoice=./target/release/ourvoice
[ -x "$ourvoice" ] || cargo build --release -p ourvoice
OURVOICE_DATA="$work/data" OURVOICE_ADDR="127.0.0.1:$port" OURVOICE_SYMBOLS=assets/symbols \
  LEPTOS_SITE_ROOT=target/site "$ourvoice" serve --demo >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
jar="$work/cookies"
origin="Origin: http://127.0.0.1:$port"
curl -fs -c "$jar" -o /dev/null -H "$origin" -d user_name=sam -d password=try-our-voice "http://127.0.0.1:$port/sign-in" || true

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
slowest() { sort -n | tail -1; }
uncached=() cached=() direct=()
for n in $(seq "$runs"); do
  text="Post $n. We went to the park with our friends today. We had ice cream and saw ducks on the lake."
  url="http://127.0.0.1:$port/speech"
  body=$(node -p 'JSON.stringify({ text: process.argv[1] })' "$text")
  ask=(curl -fs -b "$jar" -H "$origin" -H 'Content-Type: application/json' --data-binary "$body")
  first=$("${ask[@]}" -o "$work/first.json" -w '%{time_total}' "$url")
  again=$("${ask[@]}" -o "$work/again.json" -w '%{time_total}' "$url")
  cmp -s "$work/first.json" "$work/again.json" || { echo "the cache gave a different answer" >&2; exit 1; }
  start=$EPOCHREALTIME
  espeak-ng -v en -s 150 -w "$work/direct.wav" "$text"
  end=$EPOCHREALTIME
  uncached+=("$(awk -v t="$first" 'BEGIN { printf "%.1f", t * 1000 }')")
  cached+=("$(awk -v t="$again" 'BEGIN { printf "%.2f", t * 1000 }')")
  direct+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", (e - s) * 1000 }')")
done
words=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1])).words.length' "$work/first.json")
echo "text: 20 words + \"Post N.\" ($words spoken words), $runs different texts"
echo "| POST /speech, uncached (espeak-ng in the server) | median $(printf '%s\n' "${uncached[@]}" | median) ms | slowest $(printf '%s\n' "${uncached[@]}" | slowest) ms |"
echo "| POST /speech, cached | median $(printf '%s\n' "${cached[@]}" | median) ms | slowest $(printf '%s\n' "${cached[@]}" | slowest) ms |"
echo "| espeak-ng -w (the command, same text) | median $(printf '%s\n' "${direct[@]}" | median) ms | slowest $(printf '%s\n' "${direct[@]}" | slowest) ms |"

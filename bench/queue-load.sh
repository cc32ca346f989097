#!/usr/bin/env bash
# "Posts to check" under load: wrk at 1, 10 and 200 connections against the
# release server (a supporter's page, brotli asked for, as a browser asks),
# and against nginx serving the same bytes with the same headers, in the
# same run. Prints the table kept in docs/PERFORMANCE.md.
# Usage: bench/queue-load.sh [SECONDS per run]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
port=${OURVOICE_BENCH_PORT:-3178}
nginx_port=$((port + 1))
work=$(mktemp -d)
ourvoice=./target/release/ourvoice
[ -x "$ourvoice" ] || make build
command -v wrk >/dev/null && command -v nginx >/dev/null || ./scripts/setup.sh bench
OURVOICE_DATA="$work/data" OURVOICE_ADDR="127.0.0.1:$port" OURVOICE_SYMBOLS=target/site/symbols \
  LEPTOS_SITE_ROOT=target/site LEPTOS_HASH_FILES=true RUST_LOG=${RUST_LOG:-warn} \
  "$ourvoice" serve --demo >"$work/server.log" 2>&1 &
server=$!
nginx_pid=""
cleanup() {
  kill $server 2>/dev/null || true
  wait $server 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
jar="$work/cookies"
curl -fs -c "$jar" -o /dev/null -H "Origin: $base" -d user_name=alex -d password=try-our-voice "$base/sign-in" || true
# Netscape cookie lines; curl marks HttpOnly ones with a "#HttpOnly_" prefix.
cookie=$(awk 'NF >= 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$jar")
[ -n "$cookie" ] || { echo "could not sign in as alex" >&2; exit 1; }

# Twenty posts waiting for a supporter, written and sent by sam.
sam_jar="$work/sam-cookies"
curl -fs -c "$sam_jar" -o /dev/null -H "Origin: $base" -d user_name=sam -d password=try-our-voice "$base/sign-in" || true
call() {
  curl -fs -b "$sam_jar" -H "Origin: $base" -H 'Content-Type: application/json' --data-binary "$2" "$base/api/$1"
}
account=$(call me '{}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["memberships"][0]["account_id"])')
words='["We","went","to","the","park","today","with","our","friends","and","the","dog"]'
for n in $(seq 20); do
  post=$(call posts/new "{\"account_id\": \"$account\"}" | python3 -c 'import json, sys; print(json.load(sys.stdin))')
  tiles=$(python3 -c 'import json, sys; print(json.dumps([{"symbol": None, "word": w} for w in json.loads(sys.argv[1])] + [{"symbol": None, "word": sys.argv[2]}]))' "$words" "$n")
  call posts/send "{\"post_id\": \"$post\", \"tiles\": $tiles, \"revision\": 1}" >/dev/null
done

# The page as the server sends it, for nginx to send the same bytes.
curl -fs -H "Cookie: $cookie" -H 'Accept-Encoding: br' -D "$work/headers" -o "$work/check.br" "$base/check"
grep -qi '^content-encoding: br' "$work/headers" || { echo "the page came without brotli" >&2; exit 1; }
page=$(curl -fs -H "Cookie: $cookie" "$base/check")
grep -q 'Posts to check' <<<"$page" || { echo "not the supporter's page" >&2; exit 1; }
grep -q 'friends' <<<"$page" || { echo "the posts are not on the page" >&2; exit 1; }
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$nginx_port;
    location = /check {
      default_type "text/html; charset=utf-8";
      add_header Content-Encoding br;
      add_header Cache-Control "private, no-store";
      alias $work/check.br;
    }
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$nginx_port/check" && break; sleep 0.1; done

# One wrk run: prints requests/s, p50, p99 and the count of failed answers.
run() {
  local url=$1 connections=$2 threads=2
  [ "$connections" -lt 2 ] && threads=1
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency \
    -H "Cookie: $cookie" -H 'Accept-Encoding: gzip, deflate, br' "$url" >"$work/wrk.txt"
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$work/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  bad=$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt")
  echo "$rps|$p50|$p99|${bad:-0}"
}

bytes=$(stat -c %s "$work/check.br")
echo "Posts to check, 20 posts waiting: ${#page} bytes, $bytes with brotli; ${seconds} s per run; $(nproc) cores"
echo "| Connections | Our Voice req/s | p50 | p99 | failed | nginx, same bytes, req/s | p50 | p99 |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for connections in 1 10 200; do
  IFS='|' read -r rps p50 p99 bad <<<"$(run "$base/check" "$connections")"
  IFS='|' read -r nrps np50 np99 _ <<<"$(run "http://127.0.0.1:$nginx_port/check" "$connections")"
  echo "| $connections | $rps | $p50 | $p99 | $bad | $nrps | $np50 | $np99 |"
done
echo "/healthz alone at 200 connections: $(run "$base/healthz" 200 | cut -d'|' -f1) req/s"

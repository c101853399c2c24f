#!/usr/bin/env bash
# Start the whole appliance on this machine: the server, and beside it the
# kiosk and the display board when a graphical display is available.
# Used by `make run`; stops everything on Ctrl-C. TLS=1 serves HTTPS with the
# data folder's own CA (made once by motcua-server cert; see
# cmd/motcua-server/TLS.md).
set -euo pipefail
BIN=${BIN:-bin}
DATA=${DATA:-data}
LISTEN=${LISTEN:-:8080}
port=${LISTEN##*:}
mkdir -p "$DATA"
scheme=http tls_args=() ca_args=() curl_args=()
if [ -n "${TLS:-}" ]; then
  scheme=https
  tls_args=(--tls-cert "$DATA/tls/server.crt" --tls-key "$DATA/tls/server.key")
  ca_args=(-ca-file "$DATA/tls/ca.crt")
  curl_args=(--cacert "$DATA/tls/ca.crt")
fi
url="${scheme}://127.0.0.1:${port}"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# Device tokens for the local kiosk and board, made once per data folder.
for dev in kiosk display; do
  if [ ! -s "$DATA/$dev.token" ]; then
    "$BIN/motcua-server" device add --name "local-$dev" --role "$dev" --data "$DATA" > "$DATA/$dev.token"
    chmod 600 "$DATA/$dev.token"
  fi
done

# The CA is made after the data folder, so it carries the centre's name.
if [ -n "${TLS:-}" ] && [ ! -s "$DATA/tls/server.crt" ]; then
  "$BIN/motcua-server" cert --data "$DATA"
fi

"$BIN/motcua-server" serve --listen "$LISTEN" --data "$DATA" "${tls_args[@]}" &
pids+=($!)
for _ in $(seq 100); do
  curl -fsS "${curl_args[@]}" "$url/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done

cat <<MSG

  motcua is running.
    Home page and ticket pages:  $url/
    Staff counter console:       $url/staff
    Administration:              $url/admin
    Web board (smart TVs):       $url/board?token=$(cat "$DATA/display.token")
  Sign in with the credentials in $DATA/first-run.txt:
$(sed 's/^/    /' "$DATA/first-run.txt" 2>/dev/null || echo "    (first-run.txt removed: use your admin account)")

MSG

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  "$BIN/motcua-kiosk" -server "$url" "${ca_args[@]}" -token-file "$DATA/kiosk.token" -printer none -fullscreen=false -admin-pin 2468 &
  pids+=($!)
  "$BIN/motcua-display" --server "$url" "${ca_args[@]}" --token-file "$DATA/display.token" --fullscreen=false &
  pids+=($!)
  echo "  Kiosk and display board windows opened (kiosk exit PIN: 2468)."
else
  echo "  No graphical display (DISPLAY is empty): only the server runs."
  echo "  Start the kiosk and board on a desktop with: make run"
fi
echo "  Press Ctrl-C to stop."
wait "${pids[0]}"

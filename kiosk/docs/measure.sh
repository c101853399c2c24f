#!/usr/bin/env bash
# measure.sh reproduces the kiosk's "Measured figures" in kiosk/README.md that
# come from the real binary rather than from `go test -bench`:
#   - cold start to the first interactive home screen (the kiosk's log line
#     `first interactive screen ... ms=`), 3 runs, 400-procedure catalogue;
#   - resident memory (`ps -o rss=`) after browsing
#     home → field tile → procedure → back → back → search → back → priority → ticket,
#     and again after the ticket is redrawn at 1.3× and 1.6× text.
#
# It builds both binaries into a temp dir, starts its own Xvfb (1920x1080x24,
# first free display from :150) and its own motcua-server on 127.0.0.1 with a
# fresh data folder, and stops every process it started by PID on exit.
#
#   bash kiosk/docs/measure.sh           (from the repository root, or anywhere)
#   MEASURE_KEEP=1 bash kiosk/docs/measure.sh   keeps the temp dir (logs, screenshots),
#                                               as does any failure
#
# Needs: go, python3, Xvfb, ImageMagick `import`, xdotool
#   (apt-get install -y xvfb imagemagick xdotool python3).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PROCEDURES=400
RUNS=3
START_TIMEOUT=20 # seconds to wait for the first-screen log line
W=1920 H=1080

die() { echo "measure.sh: $*" >&2; exit 1; }

for tool in go python3 Xvfb import xdotool md5sum; do
	command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y xvfb imagemagick xdotool python3)"
done

WORK=$(mktemp -d /tmp/motcua-measure.XXXXXX)
PIDS=() # every process we start, in start order

cleanup() {
	local status=$? i
	for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
		stop "${PIDS[i]}"
	done
	if [[ ${MEASURE_KEEP:-} == 1 || $status != 0 ]]; then
		echo "kept (logs, screenshots): $WORK" >&2
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT

# stop ends one process we started: TERM, then KILL after 5 s; reaps it.
stop() {
	local pid=$1 i
	kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 50; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# forget removes a stopped PID from the cleanup list.
forget() {
	local keep=() p
	for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
	PIDS=("${keep[@]}")
}

# --- 1. build ---------------------------------------------------------------
mkdir -p "$WORK/bin" "$WORK/data" "$WORK/shots" "$WORK/xdg-config" "$WORK/xdg-runtime"
chmod 700 "$WORK/xdg-runtime"
echo "building into $WORK/bin ..." >&2
(cd "$ROOT" && CGO_ENABLED=0 go build -o "$WORK/bin/motcua-server" ./cmd/motcua-server)
(cd "$ROOT" && go build -o "$WORK/bin/motcua-kiosk" ./cmd/motcua-kiosk)
SERVER=$WORK/bin/motcua-server
KIOSK=$WORK/bin/motcua-kiosk

# --- 2. Xvfb on the first free display from :150 ----------------------------
XVFB_PID=
for ((n = 150; n < 200; n++)); do
	[[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] && continue
	Xvfb ":$n" -screen 0 "${W}x${H}x24" -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	for ((i = 0; i < 50; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		if DISPLAY=":$n" xdotool getdisplaygeometry >/dev/null 2>&1; then
			XVFB_PID=$pid
			break
		fi
		sleep 0.1
	done
	[[ -n $XVFB_PID ]] && break
	stop "$pid"
	forget "$pid"
done
[[ -n $XVFB_PID ]] || die "no Xvfb display could be started on :150–:199"
export DISPLAY=":$n"

# --- 3. data folder, 400-procedure catalogue, device token, server ----------
DATA=$WORK/data
"$SERVER" catalogue export "$WORK/default.json" --data "$DATA" 2>>"$WORK/admin.log"
python3 - "$WORK/default.json" "$WORK/catalogue-$PROCEDURES.json" "$PROCEDURES" <<'EOF'
# Copies the default procedures (same fields, fees, texts) with codes
# "<original>-<k>" into the original's queue until there are N procedures.
import copy, json, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
cat = json.load(open(src, encoding="utf-8"))
originals = list(cat["procedures"])
queue_of = {code: q for q in cat["queues"] for code in q["procedures"]}
k = 1
while len(cat["procedures"]) < n:
    for p in originals:
        if len(cat["procedures"]) >= n:
            break
        c = copy.deepcopy(p)
        c["code"] = f'{p["code"]}-{k}'
        cat["procedures"].append(c)
        queue_of[p["code"]]["procedures"].append(c["code"])
    k += 1
json.dump(cat, open(dst, "w", encoding="utf-8"), ensure_ascii=False)
EOF
"$SERVER" catalogue import "$WORK/catalogue-$PROCEDURES.json" --data "$DATA" 2>>"$WORK/admin.log" >"$WORK/import.txt"
grep -q " $PROCEDURES procedures" "$WORK/import.txt" || die "catalogue import: $(cat "$WORK/import.txt")"
"$SERVER" device add --name measure-kiosk --role kiosk --data "$DATA" 2>>"$WORK/admin.log" >"$WORK/kiosk.token"

# Port 0: the kernel picks a free port; the server prints the address it got.
"$SERVER" serve --listen 127.0.0.1:0 --data "$DATA" >"$WORK/server.out" 2>"$WORK/server.log" &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
URL=
for ((i = 0; i < 100; i++)); do
	URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$WORK/server.out" || true)
	[[ -n $URL ]] && break
	kill -0 "$SERVER_PID" 2>/dev/null || die "server exited: $(cat "$WORK/server.log")"
	sleep 0.1
done
[[ -n $URL ]] || die "server did not report its address"

# --- 4. kiosk runs ----------------------------------------------------------
KIOSK_PID=
start_kiosk() { # $1 = run number; sets KIOSK_PID
	XDG_CONFIG_HOME=$WORK/xdg-config XDG_RUNTIME_DIR=$WORK/xdg-runtime \
		"$KIOSK" -server "$URL" -token-file "$WORK/kiosk.token" -printer none -fullscreen=false \
		>"$WORK/kiosk-$1.out" 2>"$WORK/kiosk-$1.log" &
	KIOSK_PID=$!
	PIDS+=("$KIOSK_PID")
}

# first_screen_ms waits for the kiosk's log line and prints its ms value.
first_screen_ms() { # $1 = run number
	local log=$WORK/kiosk-$1.log ms i
	for ((i = 0; i < START_TIMEOUT * 20; i++)); do
		ms=$(sed -n 's/.*first interactive screen.* ms=\([0-9]*\).*/\1/p' "$log" | head -n1)
		[[ -n $ms ]] && { echo "$ms"; return 0; }
		kill -0 "$KIOSK_PID" 2>/dev/null || die "kiosk run $1 exited: $(cat "$log")"
		sleep 0.05
	done
	die "kiosk run $1: no 'first interactive screen' line within ${START_TIMEOUT}s"
}

# title_hash hashes the screen's title strip (below the header, left of any
# button), which differs on every screen of the walk and is not touched by
# hover highlights or the idle countdown.
title_hash() { import -silent -window root -crop 1000x90+0+140 rgb:- | md5sum | cut -d' ' -f1; }

# settle waits until two screenshots 200 ms apart are identical.
settle() {
	local a b i
	a=$(import -silent -window root rgb:- | md5sum)
	for ((i = 0; i < 25; i++)); do
		sleep 0.2
		b=$(import -silent -window root rgb:- | md5sum)
		[[ $a == "$b" ]] && return 0
		a=$b
	done
}

# tap clicks at x,y and fails unless the title strip changes within 5 s;
# $3 names the step (and its screenshot in $WORK/shots).
tap() {
	local x=$1 y=$2 step=$3 before after i
	before=$(title_hash)
	xdotool mousemove "$x" "$y" click 1
	for ((i = 0; i < 50; i++)); do
		after=$(title_hash)
		[[ $after != "$before" ]] && break
		sleep 0.1
	done
	[[ $after != "$before" ]] || die "tap '$step' at $x,$y did not change the screen (see $WORK/shots)"
	settle
	import -silent -window root "$WORK/shots/$step.png"
	LAST_HASH=$after
}

# press clicks at x,y where the title strip may stay the same (the text
# size button over a ticket), waits for the screen to settle and
# screenshots it as $3.
press() {
	xdotool mousemove "$1" "$2" click 1
	sleep 0.3
	settle
	import -silent -window root "$WORK/shots/$3.png"
}

declare -a MS
RSS_KB=
for ((run = 1; run <= RUNS; run++)); do
	start_kiosk "$run"
	MS[run]=$(first_screen_ms "$run")
	if ((run == RUNS)); then
		# The walk assumes the 1920x1080 window at 0,0 (no window manager).
		geo=$(timeout 10 xdotool search --sync --onlyvisible --name '^motcua$' getwindowgeometry --shell | head -n5)
		grep -q '^X=0$' <<<"$geo" && grep -q '^Y=0$' <<<"$geo" && grep -q "^WIDTH=$W$" <<<"$geo" &&
			grep -q "^HEIGHT=$H$" <<<"$geo" || die "kiosk window not ${W}x$H at 0,0: $geo"
		settle
		import -silent -window root "$WORK/shots/1-home.png"
		HOME_HASH=$(title_hash)
		# Coordinates from the layouts at 1920x1080 (body 26 px), as the
		# Fyne test driver places the tiles:
		tap 249 410 2-field       # first field tile "Hộ tịch" (top left of the grid)
		tap 870 378 3-procedure   # first procedure of the field list
		tap 328 1012 4-back       # "‹ Quay lại" (bottom left) → the field list
		tap 328 1012 4-home       # "‹ Quay lại" again → home
		[[ $LAST_HASH == "$HOME_HASH" ]] || die "back did not return to the home screen (see $WORK/shots)"
		tap 486 1005 5-search     # "Tìm thủ tục" (bottom left of home)
		tap 328 1012 6-back       # "‹ Quay lại" → home
		tap 1614 404 7-priority   # "Lấy số thứ tự" beside the first common procedure
		tap 960 467 8-ticket      # "Không – lấy số thường": a ticket on screen
		RSS_PART_KB=$(ps -o rss= -p "$KIOSK_PID" | tr -d ' ')
		press 1573 74 9-large     # "A+": the ticket redrawn at 1.3× text
		press 1484 74 10-largest  # "A++" (wider than "A+", so further left): 1.6×
		RSS_KB=$(ps -o rss= -p "$KIOSK_PID" | tr -d ' ')
		# Xvfb has no GPU: Mesa draws in software (llvmpipe), and its LLVM
		# and swrast libraries are resident in the kiosk. A kiosk PC's GPU
		# driver does not load them; report their share apart.
		SOFT_KB=$(awk '/^[0-9a-f]+-[0-9a-f]+ /{name=$6} /^Rss:/{if (name ~ /libLLVM|swrast_dri|libgallium/) s+=$2} END{print s+0}' "/proc/$KIOSK_PID/smaps")
	fi
	stop "$KIOSK_PID"
	forget "$KIOSK_PID"
done

# --- 5. report --------------------------------------------------------------
echo "motcua kiosk measurements: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(go env GOVERSION), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Xvfb $DISPLAY ${W}x${H}x24, motcua-server $URL, $(cat "$WORK/import.txt")"
echo
printf '%-4s %s\n' run "cold start to first interactive screen (ms)"
for ((run = 1; run <= RUNS; run++)); do printf '%-4s %s\n' "$run" "${MS[run]}"; done
echo
printf 'rss after home → field → procedure → back → back → search → back → priority → ticket (run %d): %d KiB = %.1f MiB\n' \
	"$RUNS" "$RSS_PART_KB" "$(awk -v k="$RSS_PART_KB" 'BEGIN { printf "%.1f", k / 1024 }')"
printf 'rss after that and the ticket redrawn at 1.3× and 1.6× text: %d KiB = %.1f MiB\n' \
	"$RSS_KB" "$(awk -v k="$RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')"
printf '  of which Mesa software rendering (LLVM, swrast; not loaded with a GPU driver): %d KiB = %.1f MiB; the rest %.1f MiB\n' \
	"$SOFT_KB" "$(awk -v k="$SOFT_KB" 'BEGIN { printf "%.1f", k / 1024 }')" "$(awk -v a="$RSS_KB" -v b="$SOFT_KB" 'BEGIN { printf "%.1f", (a - b) / 1024 }')"

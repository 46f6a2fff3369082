# Shell functions shared by scripts/ci_production_smoke.sh and scripts/ci_backup_drill.sh,
# sourced by both (not run on its own). The caller sets ROOT, PY (the project's python) and
# WORK (a temporary folder, removed on exit), then calls stop_all_on_exit before starting
# anything: every process started through `start` or `run` is stopped on exit, whatever
# happens, and on failure the last lines of each $WORK/*.log are printed.

PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER

PIDS=()     # every process group started here (stopped on exit)
SERVICES=() # those started in the background by `start`

stop_all() {
  local status=$?
  trap - EXIT INT TERM
  # Each process leads its own group (setsid): TERM the group, then KILL what is left.
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  if [ "$status" != 0 ]; then
    for log in "$WORK"/*.log; do
      [ -f "$log" ] || continue
      echo "----- $(basename "$log") (last 40 lines)"
      tail -n 40 "$log"
    done
  fi
  rm -rf "$WORK"
  exit "$status"
}

stop_all_on_exit() {
  trap stop_all EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

start() { # start NAME COMMAND...: in its own process group, output to $WORK/NAME.log
  local name=$1
  shift
  setsid "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
  SERVICES+=("$!")
}

run() { # run COMMAND...: in the foreground, yet stopped at once by the trap (INT, TERM)
  setsid "$@" &
  PIDS+=("$!")
  wait "$!"
}

free_port() { # a free TCP port on the loopback, chosen by the kernel
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

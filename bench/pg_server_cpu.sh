#!/usr/bin/env bash
# The PostgreSQL server's own CPU over a pass of some tests, and which statements spent it (docs/benchmarks.md,
# session 19). One throwaway cluster made as .ci/run makes it, with pg_stat_statements loaded; the test databases'
# template migrated first (not counted); then the same tests twice: with the cluster as .ci/run starts it ("before"),
# and again after the settings given (ALTER SYSTEM …, then a restart: "after"). For each run: the server's CPU, read
# from /proc (the postmaster's own and its reaped backends', plus the live backends'), the workers' (/usr/bin/time),
# and the statements by total time (pg_stat_statements, reset before each run). Stopped and removed at the end.
#
#   bench/pg_server_cpu.sh OUT_DIR "alter system set jit = off;alter system set …" PYTEST_ARGS…
#
# Run as root (the cluster runs as postgres). CPU, not wall: it holds on a loaded machine.
set -u
OUT=$1; IFS=";" read -ra AFTER <<< "$2"; shift 2
PGBIN=/usr/lib/postgresql/15/bin
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')}
mkdir -p "$OUT"; D=$(mktemp -d /tmp/lienhiep-pgcpu.XXXXXX); chown postgres "$D"
as_pg() { runuser -u postgres -- "$@"; }
OPTS="-p $PORT -k $D -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
OPTS="$OPTS -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.max=20000"
as_pg "$PGBIN/initdb" -D "$D" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$D" -l "$D/server.log" -w -o "$OPTS" start >/dev/null
trap 'as_pg "$PGBIN/pg_ctl" -D "$D" -m immediate stop >/dev/null 2>&1; rm -rf "$D"' EXIT
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres lienhiep
cd "$(dirname "$0")/.."
export DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/lienhiep
unset PYTHONDONTWRITEBYTECODE
.venv/bin/python -m tests.testdb > "$OUT/testdb.log" 2>&1
sql() { psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres "$@"; }
sql -qc "create extension pg_stat_statements" >/dev/null
run() {
  local tag=$1; shift
  sql -qc "select pg_stat_statements_reset()" >/dev/null
  local pm; pm=$(head -1 "$D/postmaster.pid")
  local c0; c0=$(awk '{print ($14+$15+$16+$17)/100}' "/proc/$pm/stat")
  /usr/bin/time -f "workers: wall=%e user=%U sys=%S" .venv/bin/python -m pytest -q -n 2 --dist loadgroup \
    -p no:cacheprovider "$@" > "$OUT/$tag.log" 2>&1
  local c1; c1=$(awk '{print ($14+$15+$16+$17)/100}' "/proc/$pm/stat")
  local live; live=$(for p in $(pgrep -u postgres -P "$pm"); do awk '{print ($14+$15)/100}' "/proc/$p/stat"; done | paste -sd+ | bc)
  echo "server: postmaster own + reaped $(echo "$c1 - $c0" | bc) s, live backends ${live:-0} s; load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/$tag.log"
  sql -c "select round(total_exec_time::numeric) exec_ms, round(total_plan_time::numeric) plan_ms, calls, rows,
    jit_functions jit, left(regexp_replace(query, '\s+', ' ', 'g'), 170) query
    from pg_stat_statements order by total_exec_time desc limit 60" > "$OUT/$tag.statements.txt"
  sql -c "select count(*) statements, sum(calls) calls, round(sum(total_exec_time)::numeric) exec_ms,
    sum(jit_functions) jit_functions, round(sum(jit_generation_time + jit_inlining_time + jit_optimization_time
    + jit_emission_time)::numeric) jit_ms from pg_stat_statements" >> "$OUT/$tag.statements.txt"
}
run before "$@"
for s in "${AFTER[@]}"; do sql -qc "$s"; done
as_pg "$PGBIN/pg_ctl" -D "$D" -l "$D/server.log" -w -m fast -o "$OPTS" restart >/dev/null
run after "$@"

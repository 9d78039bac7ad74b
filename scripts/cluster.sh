#!/usr/bin/env bash
# The city's set-up on one machine, on loopback ports: a throwaway PostgreSQL, Redis, NODES SurveyApi processes
# (Release build) and nginx in front with deploy/nginx's rules. For trying the cluster out and for the benchmark; a
# city deploys with deploy/ (README, "Several servers for a city").
#
#   scripts/cluster.sh up       # prints the balancer's address and the first administrator's credentials
#   scripts/cluster.sh status   # what runs, and whether each node is ready
#   scripts/cluster.sh down     # stops everything `up` started and removes its folder
#
# NODES (3) sets the number of nodes; PARSURVEY_CLUSTER_DIR (/tmp/parsurvey-cluster) the folder that holds
# everything: data, logs, pids, cluster.env (addresses and credentials, owner-only). SERVER_ARGS adds node options.
# Missing Debian packages (postgresql, redis-server, nginx, curl) are installed when run as root, as test.sh does.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
dir=${PARSURVEY_CLUSTER_DIR:-/tmp/parsurvey-cluster}
NODES=${NODES:-3}
admin_email=admin@cluster.parsurvey.local

as_db=()            # PostgreSQL refuses to run as root: its files and processes belong to nobody then
[[ $(id -u) -eq 0 ]] && as_db=(runuser -u nobody --)

pg_bin() { # the newest installed PostgreSQL's bin folder, or nothing (a glob: no failing ls on a machine without it)
  local found=()
  for d in /usr/lib/postgresql/*/bin; do [[ -d "$d" ]] && found+=("$d"); done
  ((${#found[@]})) || return 0
  printf '%s\n' "${found[@]}" | sort -V | tail -n1
}

install_missing() {
  local packages=()
  [[ -n "$(pg_bin)" ]] || packages+=(postgresql)
  command -v redis-server >/dev/null || [[ -x /usr/bin/redis-server ]] || packages+=(redis-server)
  [[ -x /usr/sbin/nginx ]] || packages+=(nginx)
  command -v curl >/dev/null || packages+=(curl)
  ((${#packages[@]} == 0)) && return
  if [[ $(id -u) -ne 0 ]]; then
    echo "cluster.sh: missing Debian packages: ${packages[*]} (run as root, or: sudo apt-get install ${packages[*]})" >&2
    exit 1
  fi
  echo "cluster.sh: installing ${packages[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
}

free_port() { # a loopback port nobody listens on
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

wait_for() { # seconds, description, command…: polls the command every 0.1 s until it succeeds
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { echo "cluster.sh: $what did not come up within $seconds s" >&2; return 1; }
    sleep 0.1
  done
}

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_node() { # index (1-based); reads cluster.env
  local i=$1 port_var="NODE${1}_PORT"
  # shellcheck disable=SC2086
  # Several nodes share these cores: the runtime's idle worker threads block instead of spinning for work
  # (deploy/systemd/parsurvey@.service sets the same; docs/BENCHMARKS.md, "Several nodes behind nginx").
  DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=${DOTNET_ThreadPool_UnfairSemaphoreSpinLimit:-0} \
  setsid dotnet "$dir/app/SurveyApi.dll" --urls "http://127.0.0.1:${!port_var}" \
    --ParSurvey:DataDirectory="$dir/data" \
    --ParSurvey:Storage:Provider=postgres --ParSurvey:Storage:ConnectionString="$PG_CONNECTION" \
    --ParSurvey:RateLimits:Redis="127.0.0.1:$REDIS_PORT" \
    --ParSurvey:Admin:Email="$ADMIN_EMAIL" --ParSurvey:Admin:Password="$ADMIN_PASSWORD" \
    --ParSurvey:Security:PublicBaseUrl="$BALANCER" \
    --Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information \
    ${SERVER_ARGS:-} >"$dir/logs/node$i.log" 2>&1 < /dev/null &
  echo $! >"$dir/node$i.pid"
  wait_for 90 "node $i (port ${!port_var})" curl -fsS "http://127.0.0.1:${!port_var}/health" \
    || { tail -n 30 "$dir/logs/node$i.log" >&2; return 1; }
}

up() {
  if [[ -f "$dir/cluster.env" ]]; then
    echo "cluster.sh: $dir holds a cluster already ('scripts/cluster.sh status', or 'down' first)" >&2
    exit 1
  fi
  install_missing
  mkdir -p "$dir"/{logs,data,pg/socket,redis,nginx}
  chmod 0755 "$dir" "$dir/nginx" "$dir/logs"   # nginx's workers (nobody under root) open their folders
  chmod 0700 "$dir/data"

  echo "cluster.sh: building SurveyApi (Release) into $dir/app" >&2
  dotnet publish -c Release --nologo -v quiet -p:UseAppHost=false -o "$dir/app" "$root/src/SurveyApi/SurveyApi.csproj" \
    >"$dir/logs/build.log" 2>&1 || { cat "$dir/logs/build.log" >&2; exit 1; }

  local bin pg_port redis_port balancer_port password
  bin=$(pg_bin)
  pg_port=$(free_port); redis_port=$(free_port); balancer_port=$(free_port)
  password="Cluster-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  {
    echo "PG_BIN=$bin"
    echo "PG_PORT=$pg_port"
    echo "PG_CONNECTION='Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=parsurvey;Maximum Pool Size=40'"
    echo "REDIS_PORT=$redis_port"
    echo "BALANCER=http://127.0.0.1:$balancer_port"
    echo "ADMIN_EMAIL=$admin_email"
    echo "ADMIN_PASSWORD=$password"
    echo "NODES=$NODES"
    for i in $(seq 1 "$NODES"); do echo "NODE${i}_PORT=$(free_port)"; done
  } >"$dir/cluster.env"
  chmod 0600 "$dir/cluster.env"
  # shellcheck disable=SC1091
  source "$dir/cluster.env"

  echo "cluster.sh: PostgreSQL on 127.0.0.1:$PG_PORT" >&2
  [[ ${#as_db[@]} -eq 0 ]] || chown -R nobody: "$dir/pg"
  "${as_db[@]}" "$PG_BIN/initdb" -D "$dir/pg/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/logs/initdb.log" 2>&1 \
    || { cat "$dir/logs/initdb.log" >&2; exit 1; }
  # fsync and synchronous_commit stay on (the defaults): a 201 means the rating is on disk.
  "${as_db[@]}" "$PG_BIN/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $dir/pg/socket -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
  "${as_db[@]}" "$PG_BIN/psql" -q -h "$dir/pg/socket" -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE parsurvey;"

  echo "cluster.sh: Redis on 127.0.0.1:$REDIS_PORT" >&2
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir/redis" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/logs/redis.log"
  wait_for 30 "Redis" test -s "$dir/redis.pid"

  # One after the other: the first creates the schema and the administrator, the others find them.
  for i in $(seq 1 "$NODES"); do
    local port_var="NODE${i}_PORT"
    echo "cluster.sh: node $i on 127.0.0.1:${!port_var}" >&2
    start_node "$i"
  done

  local servers=""
  for i in $(seq 1 "$NODES"); do
    local port_var="NODE${i}_PORT"
    servers+="        server 127.0.0.1:${!port_var} max_fails=1 fail_timeout=2s;\\n"
  done
  local user=""
  [[ $(id -u) -eq 0 ]] && user="user nobody nogroup;"
  sed -e "s|@USER@|$user|" -e "s|@RUN@|$dir/nginx|g" -e "s|@DEPLOY@|$root/deploy/nginx|g" \
      -e "s|@PORT@|${BALANCER##*:}|" -e "s|^@SERVERS@$|$servers|" \
      "$root/deploy/nginx/loopback.conf.in" >"$dir/nginx/nginx.conf"
  /usr/sbin/nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log"
  wait_for 30 "nginx" curl -fsS "$BALANCER/health"

  cat <<TEXT

ParSurvey cluster: $NODES nodes behind nginx, PostgreSQL, Redis (folder $dir)
  balancer        $BALANCER      (the console at $BALANCER/login, the board at $BALANCER/board)
  administrator   $ADMIN_EMAIL
  password        $ADMIN_PASSWORD
  nodes           $(for i in $(seq 1 "$NODES"); do v="NODE${i}_PORT"; printf 'http://127.0.0.1:%s ' "${!v}"; done)
  PostgreSQL      psql -h 127.0.0.1 -p $PG_PORT -U postgres parsurvey
  Redis           redis-cli -p $REDIS_PORT
  nginx's log     $dir/nginx/access.log (the node that answered each request)
Stop it all with: scripts/cluster.sh down
TEXT
}

status() {
  [[ -f "$dir/cluster.env" ]] || { echo "cluster.sh: no cluster in $dir"; exit 1; }
  # shellcheck disable=SC1091
  source "$dir/cluster.env"
  state() { if "$@"; then echo up; else echo DOWN; fi; }
  echo "balancer   $BALANCER   $(state alive "$dir/nginx/nginx.pid")"
  for i in $(seq 1 "$NODES"); do
    local port_var="NODE${i}_PORT"
    local ready
    ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${!port_var}/health/ready" || true)
    echo "node $i     http://127.0.0.1:${!port_var}   $(state alive "$dir/node$i.pid")   /health/ready: $ready"
  done
  pg_up() { "${as_db[@]}" "$PG_BIN/pg_ctl" -D "$dir/pg/data" status >/dev/null 2>&1; }
  echo "PostgreSQL 127.0.0.1:$PG_PORT   $(state pg_up)"
  echo "Redis      127.0.0.1:$REDIS_PORT   $(state alive "$dir/redis.pid")"
}

stop_pid() { # pid file: TERM, then KILL after 10 s
  [[ -f "$1" ]] || return 0
  local pid
  pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

down() {
  [[ -d "$dir" ]] || { echo "cluster.sh: nothing to stop in $dir"; return 0; }
  if [[ -f "$dir/cluster.env" ]]; then
    # shellcheck disable=SC1091
    source "$dir/cluster.env"
  fi
  stop_pid "$dir/nginx/nginx.pid"
  for f in "$dir"/node*.pid; do if [[ -e "$f" ]]; then stop_pid "$f"; fi; done
  stop_pid "$dir/redis.pid"
  if [[ -n "${PG_BIN:-}" && -f "$dir/pg/data/postmaster.pid" ]]; then
    "${as_db[@]}" "$PG_BIN/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  echo "cluster.sh: stopped, $dir removed"
}

case "${1:-}" in
  up) up ;;
  status) status ;;
  down) down ;;
  *) echo "usage: scripts/cluster.sh up|status|down" >&2; exit 2 ;;
esac

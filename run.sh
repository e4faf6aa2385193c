#!/usr/bin/env bash
# Runs ServerlessMinSheng locally: Azurite (tables, queues and blobs, each its own process) and the
# Functions app with its built-in trigger runtime on http://127.0.0.1:${PORT:-7071}. Ctrl-C stops all.
#
#   ./run.sh                     data kept in .azurite/ between runs
#   ./run.sh --demo              a fresh demo: Chinese demo data over the past 4 months (towns, units, accounts for
#                                every role, a few hundred requests and micro-projects in every state, rankings),
#                                seeded in about a minute; accounts and passwords printed once. Its data lives in
#                                .azurite-demo/, wiped at each --demo start, so it never mixes with .azurite/
#   ./run.sh --in-memory         nothing kept (light use only: Azurite's in-memory mode stalls under heavy queue traffic)
#   ./run.sh --create-admin NAME create the first district admin (asks for the password), then exit;
#                                works while another ./run.sh is running, or starts Azurite just for it
#
# Environment: PORT (app, default 7071); AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT
# (defaults 10000, 10001, 10002); SMS_ADMIN_PASSWORD (for --create-admin without a prompt).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/dev-env.sh

in_memory=false
demo=false
create_admin=""
while [ $# -gt 0 ]; do
  case "$1" in
    --in-memory) in_memory=true ;;
    --demo) demo=true ;;
    --create-admin) shift; create_admin=${1:-}; [ -n "$create_admin" ] || die "--create-admin needs a user name" ;;
    -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; exit 0 ;;
    *) die "unknown option '$1' (try --help)" ;;
  esac
  shift
done
if $demo && [ -n "$create_admin" ]; then
  die "--demo makes its own accounts; --create-admin is for a real installation"
fi

PORT=${PORT:-7071}
BLOB_PORT=${AZURITE_BLOB_PORT:-10000}
QUEUE_PORT=${AZURITE_QUEUE_PORT:-10001}
TABLE_PORT=${AZURITE_TABLE_PORT:-10002}
APP_DLL=functions/ServerlessMinSheng.Functions/bin/Release/net10.0/ServerlessMinSheng.Functions.dll

azurite_running=false
if [ -n "$create_admin" ] && port_in_use "$TABLE_PORT" && port_in_use "$QUEUE_PORT" && port_in_use "$BLOB_PORT"; then
  azurite_running=true # Another ./run.sh is up: create the admin in its storage.
else
  for p in "$BLOB_PORT" "$QUEUE_PORT" "$TABLE_PORT"; do
    port_in_use "$p" && die "port $p is already in use; stop what uses it or choose other ports (see ./run.sh --help)"
  done
  if [ -z "$create_admin" ] && port_in_use "$PORT"; then
    die "port $PORT is already in use; set PORT to another port"
  fi
fi

require_prerequisites
ensure_node_modules
if [ -z "$create_admin" ]; then
  echo "==> Building the web front end"
  node web/build.mjs >/dev/null
fi
echo "==> Building the app"
dotnet build functions/ServerlessMinSheng.Functions -c Release --nologo -v quiet -clp:ErrorsOnly

pids=()
cleanup() {
  trap - EXIT INT TERM
  [ ${#pids[@]} -gt 0 ] || return 0
  echo
  echo "==> Stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Azurite may take a few seconds to exit after SIGTERM; wait so the ports are free for the next run.
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT INT TERM

data_dir=.azurite
if $demo; then
  data_dir=.azurite-demo # Wiped at each --demo start: a demo never sees (or leaves) anything else.
  rm -rf "$data_dir"
fi
if ! $azurite_running; then
  location() { if $in_memory; then echo ""; else echo "$data_dir/$1"; fi; }
  echo "==> Starting Azurite ($($in_memory && echo in memory || echo "data in $data_dir/"))"
  mkdir -p "$data_dir"
  export AZURITE_LOG=$data_dir/azurite.log
  blob_pid=$(start_azurite_service blob "$BLOB_PORT" "$(location blob)"); pids+=("$blob_pid")
  queue_pid=$(start_azurite_service queue "$QUEUE_PORT" "$(location queue)"); pids+=("$queue_pid")
  table_pid=$(start_azurite_service table "$TABLE_PORT" "$(location table)"); pids+=("$table_pid")
  wait_for_port "$BLOB_PORT" "$blob_pid" "Azurite blob"
  wait_for_port "$QUEUE_PORT" "$queue_pid" "Azurite queue"
  wait_for_port "$TABLE_PORT" "$table_pid" "Azurite table"
fi

key=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE_PORT/devstoreaccount1;"
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}

if [ -n "$create_admin" ]; then
  if [ -z "${SMS_ADMIN_PASSWORD:-}" ]; then
    read -rsp "Password for $create_admin (at least 12 characters): " first; echo
    read -rsp "Repeat the password: " second; echo
    [ "$first" = "$second" ] || die "the two passwords differ"
    export SMS_ADMIN_PASSWORD=$first
  fi
  set +e
  dotnet "$APP_DLL" create-admin "$create_admin"
  status=$?
  set -e
  exit $status
fi

app_args=(--urls "http://127.0.0.1:$PORT" --webroot "$PWD/web/dist" --contentRoot "$PWD/functions/ServerlessMinSheng.Functions")
if $demo; then
  app_args+=(--Demo:Enabled=true)
  echo "==> Seeding the demo (about a minute; the accounts and their passwords are printed once, when it is done)"
else
  echo "==> ServerlessMinSheng on http://127.0.0.1:$PORT (health: http://127.0.0.1:$PORT/api/health). Ctrl-C stops."
fi
dotnet "$APP_DLL" "${app_args[@]}" &
app_pid=$!
pids=("$app_pid" "${pids[@]}")
if $demo; then
  # The app serves once the seeding is done: say where, under the accounts table it printed.
  started=$SECONDS
  for _ in $(seq 1 1200); do
    kill -0 "$app_pid" 2>/dev/null || break
    if port_in_use "$PORT"; then
      echo "==> Demo ready after $((SECONDS - started)) s: http://127.0.0.1:$PORT/ (sign in at /signin with an account above). Ctrl-C stops."
      break
    fi
    sleep 0.5
  done
fi
wait "$app_pid"

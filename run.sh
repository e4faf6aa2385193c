#!/usr/bin/env bash
# Runs ServerlessMinSheng locally: Azurite (tables, queues and blobs, each its own process) and the
# Functions app with its built-in trigger runtime on http://127.0.0.1:${PORT:-7071}. Ctrl-C stops all.
#
#   ./run.sh               data kept in .azurite/ between runs
#   ./run.sh --in-memory   nothing kept (light use only: Azurite's in-memory mode stalls under heavy queue traffic)
#
# Environment: PORT (app, default 7071); AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT
# (defaults 10000, 10001, 10002).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/dev-env.sh

in_memory=false
for arg in "$@"; do
  case "$arg" in
    --in-memory) in_memory=true ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$arg' (try --help)" ;;
  esac
done

PORT=${PORT:-7071}
BLOB_PORT=${AZURITE_BLOB_PORT:-10000}
QUEUE_PORT=${AZURITE_QUEUE_PORT:-10001}
TABLE_PORT=${AZURITE_TABLE_PORT:-10002}
for p in "$PORT" "$BLOB_PORT" "$QUEUE_PORT" "$TABLE_PORT"; do
  port_in_use "$p" && die "port $p is already in use; stop what uses it or choose another port (see ./run.sh --help)"
done

require_prerequisites
ensure_node_modules
echo "==> Building the app"
dotnet build functions/ServerlessMinSheng.Functions -c Release --nologo -v quiet -clp:ErrorsOnly

pids=()
cleanup() {
  trap - EXIT INT TERM
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

location() { if $in_memory; then echo ""; else echo ".azurite/$1"; fi; }
echo "==> Starting Azurite ($($in_memory && echo in memory || echo "data in .azurite/"))"
mkdir -p .azurite
export AZURITE_LOG=.azurite/azurite.log
blob_pid=$(start_azurite_service blob "$BLOB_PORT" "$(location blob)"); pids+=("$blob_pid")
queue_pid=$(start_azurite_service queue "$QUEUE_PORT" "$(location queue)"); pids+=("$queue_pid")
table_pid=$(start_azurite_service table "$TABLE_PORT" "$(location table)"); pids+=("$table_pid")
wait_for_port "$BLOB_PORT" "$blob_pid" "Azurite blob"
wait_for_port "$QUEUE_PORT" "$queue_pid" "Azurite queue"
wait_for_port "$TABLE_PORT" "$table_pid" "Azurite table"

key=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE_PORT/devstoreaccount1;"
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}

echo "==> ServerlessMinSheng on http://127.0.0.1:$PORT (health: http://127.0.0.1:$PORT/api/health). Ctrl-C stops."
dotnet functions/ServerlessMinSheng.Functions/bin/Release/net10.0/ServerlessMinSheng.Functions.dll \
  --urls "http://127.0.0.1:$PORT" --webroot "$PWD/web" --contentRoot "$PWD/functions/ServerlessMinSheng.Functions" &
app_pid=$!
pids=("$app_pid" "${pids[@]}")
wait "$app_pid"

# Shared by run.sh and test.sh: checks the prerequisites and installs what is missing.
# Only the .NET 10 SDK and Node.js 20+ must be on the machine; everything else is installed here.

die() { echo "error: $*" >&2; exit 1; }

require_prerequisites() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is required (dotnet not found on PATH); see README.md"
  local sdk_major
  sdk_major=$(dotnet --version 2>/dev/null | cut -d. -f1)
  [ "${sdk_major:-0}" -ge 10 ] || die "the .NET 10 SDK is required; found $(dotnet --version 2>/dev/null || echo none)"
  command -v node >/dev/null 2>&1 || die "Node.js 20 or later is required (node not found on PATH)"
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" -ge 20 ] || die "Node.js 20 or later is required; found $(node --version)"
  command -v npm >/dev/null 2>&1 || die "npm is required (it comes with Node.js)"
}

# npm ci when node_modules is missing or older than package-lock.json.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> Installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# Starts one Azurite service in the background. Args: service port location|"" ; prints the PID.
start_azurite_service() {
  local service=$1 port=$2 location=$3
  local args=("node_modules/azurite/dist/src/$service/main.js" "--${service}Host" 127.0.0.1 "--${service}Port" "$port" --disableTelemetry --skipApiVersionCheck --silent)
  if [ -n "$location" ]; then
    mkdir -p "$location"
    args+=(--location "$location")
  else
    args+=(--inMemoryPersistence)
  fi
  node "${args[@]}" >"${AZURITE_LOG:-/dev/null}" 2>&1 &
  echo $!
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_port() {
  local port=$1 pid=$2 name=$3
  for _ in $(seq 1 300); do
    port_in_use "$port" && return 0
    kill -0 "$pid" 2>/dev/null || die "$name exited during startup"
    sleep 0.1
  done
  die "$name did not listen on port $port within 30 s"
}

# The browser tests drive Debian's chromium (a Playwright browser download cannot work offline).
ensure_chromium() {
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    return 0
  fi
  echo "==> Installing chromium (Debian package) for the browser tests"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "chromium is missing and installing it needs root (apt-get install chromium)"
    sudo=sudo
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] || die "chromium did not install"
}

# Sourced by tools/run and tools/test: the Debian packages keytrail needs and
# the one function that installs whichever of them are missing.
KEYTRAIL_PACKAGES=(
  g++ cmake make pkg-config clang-format
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libboost-test1.81-dev libboost-system1.81-dev
  librocksdb-dev libcereal-dev libspdlog-dev libssl-dev libcli11-dev
  python3 curl jq file lintian nginx-light
  libpq-dev postgresql
)
# What only the tests need (tools/test): the browser the console's end-to-end
# test drives (tests/console/console_browser_test.py).
KEYTRAIL_TEST_PACKAGES=(chromium chromium-driver python3-selenium)

# keytrail_install_missing [extra packages...]: runs apt-get only when at
# least one package is not installed yet.
keytrail_install_missing() {
  local missing=()
  local package
  for package in "${KEYTRAIL_PACKAGES[@]}" "$@"; do
    if ! dpkg -s "$package" >/dev/null 2>&1; then
      missing+=("$package")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "keytrail: installing ${missing[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# keytrail_build <build-dir> [cmake args...]: configures (once) and builds.
keytrail_build() {
  local dir="$1"; shift
  cmake -S "$KEYTRAIL_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$dir" -j"${KEYTRAIL_JOBS:-2}"
}

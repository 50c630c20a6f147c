# Debian packages the test suite needs (sourced by scripts/test.sh):
#   need_debian BINARY PACKAGE         installs PACKAGE with apt-get when BINARY
#                                      is missing and we run as root;
#   need_debian_python MODULE PACKAGE  the same for a module of /usr/bin/python3.
# Each returns 1 (and says how to get it) when it is still missing.

# Installs a package with apt-get, as root only, retrying while another
# process holds the dpkg lock.
_apt_install() {
  local package=$1 why=$2 attempt
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 || return 0
  echo "installing $package (apt-get) for the tests that need $why"
  for attempt in 1 2 3 4 5 6; do
    if { [ -n "${_debian_updated:-}" ] || apt-get update -qq; } &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null; then
      _debian_updated=1
      return 0
    fi
    sleep 10
  done
}

need_debian() {
  local binary=$1 package=$2
  command -v "$binary" >/dev/null 2>&1 && return 0
  _apt_install "$package" "$binary"
  command -v "$binary" >/dev/null 2>&1 && return 0
  echo "SKIP: $binary is missing: the tests that need it are skipped; run 'apt-get install $package' as root, then 'bash scripts/test.sh'"
  return 1
}

need_debian_python() {
  local module=$1 package=$2
  /usr/bin/python3 -c "import $module" >/dev/null 2>&1 && return 0
  _apt_install "$package" "the Python module $module"
  /usr/bin/python3 -c "import $module" >/dev/null 2>&1 && return 0
  echo "SKIP: the Python module $module is missing: the tests that need it are skipped; run 'apt-get install $package' as root, then 'bash scripts/test.sh'"
  return 1
}

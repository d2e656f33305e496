#!/usr/bin/env bash
# System programs the demo tests drive (tests/demo): OpenSSH's server and client for the SSH
# recipe, Debian's Chromium for the browser test. .ci/run has already run apt-get update.
# Idempotent: apt-get install does nothing for what is already installed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

# The tests start their own sshd on 127.0.0.1: keep the package from starting the system one
# (listening on every address) where no policy-rc.d already forbids starting services.
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq --no-install-recommends openssh-server openssh-client chromium >/dev/null

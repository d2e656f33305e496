#!/usr/bin/env bash
# System programs the demo tests drive (tests/demo): OpenSSH's server and client for the SSH
# recipe, Debian's Chromium for the browser test. .ci/run has already run apt-get update.
# Idempotent: apt-get install does nothing for what is already installed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends openssh-server openssh-client chromium >/dev/null
# Debian's package starts no daemon in containers; the tests run their own sshd on 127.0.0.1.

#!/usr/bin/env bash
# End-to-end test of the mail gateway against a real Postfix: a private Postfix instance
# (all state in a temporary folder, SMTP on a free 127.0.0.1 port) passes every message to
# mamori-milter, and scripts/gateway_e2e.py sends the test mails with smtplib and checks
# what Postfix did with each. Prints one line per case and "gateway-e2e: N passed, M failed".
#
#   scripts/gateway-e2e.sh                 # the cases (debug build of the milter)
#   scripts/gateway-e2e.sh --bench 1000    # then the load benchmark (release build)
#
# Needs root (Postfix's master runs as root and drops to the postfix user), as in CI.
# Installs postfix (apt) and the Python packages it needs when missing; never starts or
# touches a system-wide Postfix.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bench=0
if [ "${1:-}" = "--bench" ]; then bench=${2:-1000}; fi

if [ "$(id -u)" != 0 ]; then
  echo "gateway-e2e: needs root (Postfix's master process runs as root)" >&2
  exit 2
fi

if ! command -v postfix >/dev/null || ! command -v postconf >/dev/null; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -q >/dev/null
  # "No configuration" leaves /etc/postfix/main.cf absent, so the package starts no Postfix.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q postfix >/dev/null
fi
py_packages="pyzipper python-docx phonenumbers python-stdnum"
if ! python3 -c 'import pyzipper, docx, phonenumbers, stdnum' 2>/dev/null; then
  # A Debian system Python refuses plain pip installs (externally managed); the test
  # packages are pure Python and go to root's site-packages then.
  python3 -m pip install -q $py_packages 2>/dev/null ||
    python3 -m pip install -q --break-system-packages $py_packages
fi

profile=debug
if [ "$bench" -gt 0 ]; then profile=release; fi
cargo build -q --profile "$([ $profile = debug ] && echo dev || echo release)" -p mamori-milter
milter_bin=$root/target/$profile/mamori-milter

dir=$(mktemp -d /tmp/mamori-e2e.XXXXXX)
chmod 755 "$dir"
pf_started=0
cleanup() {
  if [ "$pf_started" = 1 ]; then postfix -c "$dir/etc" stop >/dev/null 2>&1 || true; fi
  if [ -f "$dir/milter.pid" ]; then kill "$(cat "$dir/milter.pid")" 2>/dev/null || true; fi
  if [ "${KEEP_E2E_DIR:-0}" = 1 ]; then echo "gateway-e2e: state kept in $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
smtp_port=$(free_port)
milter_port=$(free_port)

# ---------------------------------------------------------------- the private Postfix
mkdir -p "$dir/etc" "$dir/spool" "$dir/data" "$dir/mail"
chown postfix "$dir/data"
nobody_uid=$(id -u nobody)
nobody_gid=$(id -g nobody)
chown "$nobody_uid:$nobody_gid" "$dir/mail"
cat > "$dir/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/spool
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mamori-e2e.localdomain
mydomain = localdomain
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_recipient_restrictions = permit_mynetworks, reject
alias_maps =
alias_database =
local_recipient_maps =
relayhost =
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
# Every recipient of example.jp is delivered to one maildir under the test folder.
virtual_mailbox_domains = example.jp
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = static:inbox/
virtual_uid_maps = static:$nobody_uid
virtual_gid_maps = static:$nobody_gid
message_size_limit = 20480000
# The milter sees every message received over SMTP.
smtpd_milters = inet:127.0.0.1:$milter_port
non_smtpd_milters =
milter_protocol = 6
# When the milter cannot be reached or dies mid-message, answer 451 4.7.1: the sending
# MTA keeps the message and tries again, so nothing is lost and nothing passes unscanned.
milter_default_action = tempfail
milter_connect_timeout = 10s
milter_command_timeout = 30s
milter_content_timeout = 120s
CF
# Debian's master.cf, with every service out of chroot and smtpd on the test port.
awk -v port="$smtp_port" '
  /^[a-z]/ && NF >= 8 { $5 = "n" }
  /^smtp +inet/ { $1 = "127.0.0.1:" port }
  { print }' /etc/postfix/master.cf > "$dir/etc/master.cf"
postfix -c "$dir/etc" check >/dev/null 2>&1 || postfix -c "$dir/etc" check
postfix -c "$dir/etc" start >/dev/null
pf_started=1

for _ in $(seq 100); do
  if python3 -c "import socket; socket.create_connection(('127.0.0.1', $smtp_port), 1)" 2>/dev/null; then break; fi
  sleep 0.1
done

# ---------------------------------------------------------------- the cases
export E2E_DIR=$dir E2E_SMTP_PORT=$smtp_port E2E_MILTER_PORT=$milter_port E2E_MILTER_BIN=$milter_bin
status=0
python3 scripts/gateway_e2e.py cases || status=$?
if [ "$status" = 0 ] && [ "$bench" -gt 0 ]; then
  python3 benches/gateway_load.py --count "$bench" || status=$?
fi
if [ "$status" != 0 ]; then
  echo "--- maillog (last 40 lines)"
  tail -n 40 "$dir/maillog" 2>/dev/null || true
  echo "--- milter log (last 20 lines)"
  tail -n 20 "$dir/milter.log" 2>/dev/null || true
fi
exit "$status"

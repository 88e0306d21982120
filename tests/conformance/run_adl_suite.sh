#!/usr/bin/env bash
# Run ADL's LRS conformance test suite against this checkout, for xAPI 2.0.0 and 1.0.3.
#
# Usage: tests/conformance/run_adl_suite.sh /path/to/lrs-conformance-test-suite [port] [database-url]
#   The suite must be cloned and `npm install`ed already (it is never vendored here).
#   Default port 5101, default database a scratch SQLite file under /tmp.
# Prints the summary line of each run's JSON log ({"total":..,"passed":..,"failed":..}).
set -euo pipefail
SUITE=$(cd "$1" && pwd)
PORT=${2:-5101}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCRATCH=$(mktemp -d /tmp/lrs-conformance-XXXX)
export LMS_DATABASE_URL=${3:-sqlite:///$SCRATCH/lrs.db}
export LMS_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')
export LMS_BASE_URL=http://127.0.0.1:$PORT
cd "$ROOT"
.venv/bin/python -c "from lms import create_app; from lms.extensions import db; \
app = create_app(); app.app_context().push(); db.drop_all(); db.create_all()"
creds() { .venv/bin/flask --app app lms create-lrs-client "$@" | grep '^LRS_' ; }
eval "$(creds 'Konformität 2.0.0' | sed 's/^LRS_/V2_/')"
eval "$(creds 'Konformität 1.0.3' --xapi-version 1.0.3 | sed 's/^LRS_/V1_/')"
.venv/bin/flask --app app run --port "$PORT" > "$SCRATCH/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$SCRATCH"' EXIT
sleep 3
cd "$SUITE"
run() {  # version key secret
    local out="$SCRATCH/suite-$1.out"
    node bin/console_runner.js -e "http://127.0.0.1:$PORT/xapi" -a -u "$2" -p "$3" -x "$1" -z \
        > "$out" 2>&1 || true   # the exit code is the failure count modulo 256
    local log
    log=$(grep -o 'logs/[0-9a-f-]*\.log' "$out" | tail -1)
    echo "xAPI $1: $(node -e "console.log(JSON.stringify(JSON.parse(require('fs').readFileSync('$log')).summary))")"
}
run 2.0.0 "$V2_KEY" "$V2_SECRET"
run 1.0.3 "$V1_KEY" "$V1_SECRET"

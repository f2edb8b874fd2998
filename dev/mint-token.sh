#!/usr/bin/env bash
# Mints a portal JWT for local development, signed with the DEV key in this folder.
# The dev profile trusts dev/portal-dev-public.pem; production never does.
# Usage: dev/mint-token.sh [subject] [roles, space-separated] [lifetime seconds]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sub=${1:-portal-backend}
roles=${2:-portal}
ttl=${3:-3600}
now=$(date +%s)
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
groups=$(printf '%s\n' $roles | sed 's/.*/"&"/' | paste -sd, -)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"https://portal.dev.rolegate.local","sub":"%s","upn":"%s","groups":[%s],"iat":%d,"exp":%d}' \
  "$sub" "$sub" "$groups" "$now" "$((now + ttl))" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$here/portal-dev-private.pem" | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"

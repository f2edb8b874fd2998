#!/bin/sh
# Lints the API description the build wrote (target/openapi/openapi.yaml) with Redocly CLI from npm.
# Run ./mvnw package first. Needs Node.js and npm; ./mvnw verify does not run this.
set -eu
cd "$(dirname "$0")/.."
document=target/openapi/openapi.yaml
[ -f "$document" ] || { echo "$document not found: run ./mvnw package first" >&2; exit 2; }
exec npx --yes @redocly/cli@2.77.0 lint --config scripts/redocly.yaml "$document"

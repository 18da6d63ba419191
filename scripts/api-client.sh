#!/usr/bin/env bash
# Regenerates the HTTP API's client (tests/Dashboard.ApiClient) from the dashboard's OpenAPI document, with Kiota from
# the repo's tool manifest (dotnet-tools.json at the root; `dotnet tool restore` installs it from NuGet).
#   scripts/api-client.sh                 the document of ./run.sh's dashboard (http://127.0.0.1:$DASHBOARD_PORT, 5080)
#   scripts/api-client.sh URL             the document at URL (served anonymously at /api/v1/openapi.json)
#   scripts/api-client.sh FILE            a document on disk, e.g. artifacts/openapi/v1.json, which ApiDocumentTests
#                                         writes when the served document is no longer the one the client was made from
# Writes tests/Dashboard.ApiClient/openapi.json (the document, without `servers`: they name the host it was fetched
# from) and regenerates tests/Dashboard.ApiClient/Generated from it. Commit both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 KIOTA_TUTORIAL_ENABLED=false
# Kiota asks GitHub for a newer release on every run unless offline; CI and this machine reach NuGet only.
export KIOTA_OFFLINE_ENABLED=true
PROJECT=tests/Dashboard.ApiClient
SOURCE="${1:-http://127.0.0.1:${DASHBOARD_PORT:-5080}/api/v1/openapi.json}"

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
if [[ -f $SOURCE ]]; then
  cp "$SOURCE" "$tmp"
elif [[ $SOURCE =~ ^https?:// ]]; then
  curl -fsS "$SOURCE" -o "$tmp" || { echo "could not fetch $SOURCE (is the dashboard running? ./run.sh)" >&2; exit 1; }
else
  echo "no such file, and not a URL: '$SOURCE'" >&2; exit 2
fi
jq 'del(.servers)' "$tmp" >"$PROJECT/openapi.json"

dotnet tool restore >/dev/null
# From the project folder, so that kiota-lock.json records relative paths only. NoServerEntry: the document names no
# server on purpose (DashboardApi.Create sets the base address).
cd "$PROJECT"
dotnet kiota generate --language CSharp --openapi openapi.json --output Generated \
  --class-name DashboardApiClient --namespace-name Dashboard.ApiClient \
  --clean-output --exclude-backward-compatible --disable-validation-rules NoServerEntry --log-level Warning
rm -f Generated/.kiota.log
echo "regenerated $PROJECT from $SOURCE: review and commit openapi.json and Generated/"

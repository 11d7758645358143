#!/bin/sh
# Without arguments the container is the code location's gRPC server. `migrate` applies the raw.*
# migrations once (the first deploy, before any run; ATLAS_DATABASE_URL). Any other arguments run as
# given: the Dagster Helm chart and the K8s run launcher pass the whole command as container args
# (`dagster api grpc ...`, `dagster api execute_run ...`), which an ENTRYPOINT of `dagster api grpc`
# would swallow.
set -e
if [ "$#" -eq 0 ]; then
  exec dagster api grpc -m atlas_data.definitions -h "${ATLAS_GRPC_HOST:-0.0.0.0}" -p "${ATLAS_GRPC_PORT:-3030}"
fi
if [ "$1" = migrate ]; then
  shift
  exec node "${ATLAS_INGEST_DIR:-/app/libs/atlas-data-ingest}/bin/atlas-ingest.mjs" migrate "$@"
fi
exec "$@"

#!/bin/sh
# Without arguments the container is the code location's gRPC server. With arguments it runs them:
# the Dagster Helm chart and the K8s run launcher pass the whole command as container args
# (`dagster api grpc ...`, `dagster api execute_run ...`), which an ENTRYPOINT of `dagster api grpc`
# would swallow.
set -e
if [ "$#" -eq 0 ]; then
  exec dagster api grpc -m atlas_data.definitions -h 0.0.0.0 -p "${ATLAS_GRPC_PORT:-3030}"
fi
exec "$@"

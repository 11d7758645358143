"""Ask a running Dagster gRPC code server which assets it serves.

Usage: python served_assets.py <host> <port>

Prints one JSON object: {"location": ..., "repositories": {"<name>": ["raw/ssb_population", ...]}}.
This talks to the served process over gRPC (ListRepositories, then ExternalRepository per repository),
so it checks what the server really loaded, not what a fresh import would give.
"""

import json
import sys

from dagster._api.list_repositories import sync_list_repositories_grpc
from dagster._core.remote_origin import GrpcServerCodeLocationOrigin, RemoteRepositoryOrigin
from dagster._core.remote_representation.external_data import RepositoryErrorSnap, RepositorySnap
from dagster._grpc.client import DagsterGrpcClient
from dagster._serdes import deserialize_value


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    client = DagsterGrpcClient(port=port, host=host)
    listing = sync_list_repositories_grpc(client)
    location = listing.container_context.get("location_name") if listing.container_context else None
    location = location or "smoke"
    origin = GrpcServerCodeLocationOrigin(host=host, port=port, location_name=location)
    repositories = {}
    for symbol in listing.repository_symbols:
        snap = deserialize_value(
            client.external_repository(
                RemoteRepositoryOrigin(origin, symbol.repository_name), defer_snapshots=True
            ),
            (RepositorySnap, RepositoryErrorSnap),
        )
        if isinstance(snap, RepositoryErrorSnap):
            print(json.dumps({"error": snap.error.to_string()}))
            sys.exit(3)
        repositories[symbol.repository_name] = sorted(
            node.asset_key.to_user_string() for node in snap.asset_nodes
        )
    print(json.dumps({"location": location, "repositories": repositories}))


if __name__ == "__main__":
    main()

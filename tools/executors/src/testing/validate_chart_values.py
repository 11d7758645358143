"""Check Helm values against a chart's values.schema.json the way helm does, offline.

helm validates the chart's defaults coalesced with the given values files (maps merged, lists and
scalars replaced, null deleting a default) against values.schema.json. The Dagster charts' schema
refers to Kubernetes definitions on a remote host (kubernetesjsonschema.dev, later
raw.githubusercontent.com/yannh/kubernetes-json-schema); here every such reference is served from the
Kubernetes schemas the kubernetes-validate package ships (the same definitions, generated from the
Kubernetes OpenAPI of the version given), so the Probe, ResourceRequirements, ... shapes are checked
too. Prints one line per error ("<path>: <message>") and exits 1 when there is any.

Usage: python validate_chart_values.py <chart dir> <kubernetes version, e.g. 1.30.0> <values file>...
"""

import json
import sys
from pathlib import Path

import kubernetes_validate
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REMOTE_DEFINITIONS = (
    "https://kubernetesjsonschema.dev/",
    "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/",
)


def coalesce(defaults: object, override: object) -> object:
    """helm's coalescing of two values documents."""
    if not isinstance(defaults, dict) or not isinstance(override, dict):
        return override
    merged = dict(defaults)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = coalesce(defaults.get(key), value)
    return merged


def definitions(kubernetes_version: str) -> dict:
    folder = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    document = json.loads((folder / f"v{kubernetes_version}-local" / "_definitions.json").read_text())
    # The package keys the definitions under $defs; the charts point into /definitions.
    document.pop("$id", None)
    return {**document, "definitions": document["$defs"]}


def main(chart: str, kubernetes_version: str, value_files: list[str]) -> int:
    chart_dir = Path(chart)
    schema = json.loads((chart_dir / "values.schema.json").read_text())
    values = yaml.safe_load((chart_dir / "values.yaml").read_text()) or {}
    for path in value_files:
        values = coalesce(values, yaml.safe_load(Path(path).read_text()) or {})
    local = Resource(contents=definitions(kubernetes_version), specification=DRAFT202012)

    def retrieve(uri: str) -> Resource:
        if uri.startswith(REMOTE_DEFINITIONS) and uri.endswith("_definitions.json"):
            return local
        raise LookupError(f"the schema refers to {uri}, which is not available offline")

    validator = Draft202012Validator(schema, registry=Registry(retrieve=retrieve))
    errors = sorted(validator.iter_errors(values), key=lambda e: list(e.absolute_path))
    for error in errors:
        path = ".".join(str(p) for p in error.absolute_path) or "(root)"
        print(f"{path}: {error.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) < 4:
        print(__doc__.strip().splitlines()[-1])
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))

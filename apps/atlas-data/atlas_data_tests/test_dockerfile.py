"""The image's Dockerfile against the workspace it is built from (no build needed)."""

import json
import re
from pathlib import Path

from atlas_data import paths

DOCKERFILE = Path(__file__).resolve().parents[1] / "Dockerfile"
ENTRYPOINT = Path(__file__).resolve().parents[1] / "docker-entrypoint.sh"
DOCKERIGNORE = paths.REPO_ROOT / ".dockerignore"


def workspace_package_dirs() -> list[str]:
    """Folders of the npm workspaces, from the root package.json globs (one level: apps/*, libs/*, tools/*)."""
    root = paths.REPO_ROOT
    globs = json.loads((root / "package.json").read_text())["workspaces"]
    found = []
    for pattern in globs:
        for package_json in sorted(root.glob(f"{pattern}/package.json")):
            found.append(package_json.parent.relative_to(root).as_posix())
    return found


def test_every_workspace_package_json_is_copied_before_npm_ci() -> None:
    # npm ci refuses a lockfile whose workspaces are missing, so a new workspace without its COPY
    # line breaks the image build, which nothing else runs before a deploy.
    text = DOCKERFILE.read_text()
    npm_ci = text.index("RUN npm ci")
    copied = set(re.findall(r"^COPY (\S+)/package\.json \1/$", text[:npm_ci], flags=re.MULTILINE))
    assert sorted(copied) == workspace_package_dirs()


def test_the_build_context_sends_every_package_json_the_dockerfile_copies() -> None:
    # The context is the repository root, everything excluded but what .dockerignore lets through, one
    # literal path each (the classic builder finds no wildcard exception inside an excluded folder).
    allowed = {line[1:] for line in DOCKERIGNORE.read_text().splitlines() if line.startswith("!")}
    copied = re.findall(r"^COPY (\S+/package\.json) ", DOCKERFILE.read_text(), flags=re.MULTILINE)

    def sent(path: str) -> bool:
        return any(path == a or path.startswith(f"{a}/") for a in allowed)

    assert [path for path in copied if not sent(path)] == []


def test_the_entrypoint_offers_the_one_shot_migration() -> None:
    script = ENTRYPOINT.read_text()
    assert 'if [ "$1" = migrate ]' in script
    assert (paths.REPO_ROOT / "libs" / "atlas-data-ingest" / "bin" / "atlas-ingest.mjs").is_file()
    assert '/bin/atlas-ingest.mjs" migrate' in script

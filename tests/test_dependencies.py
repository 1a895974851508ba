"""No pinned dependency has a known vulnerability (pip-audit, PyPI's advisory data).

Both the pinned requirement files (what a server installs) and the environment the
tests run in (which adds the transitive dependencies) are audited. When the advisory
service cannot be reached (an offline CI runner, a mirror without PyPI's JSON API) the
test is skipped with that reason, never passed silently and never failed for it.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    # Pinned with ==, so no resolver run is needed to know the versions (--no-deps).
    "requirements files": [
        "-r",
        "requirements.txt",
        "-r",
        "requirements-dev.txt",
        "--no-deps",
        "--disable-pip",
    ],
    "installed environment": [],
}


def audit(arguments):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            *arguments,
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--timeout",
            "15",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.skip(f"pip-audit could not reach its vulnerability service: {done.stderr[-500:]}")
    return report["dependencies"]


@pytest.mark.parametrize("target", list(TARGETS))
def test_no_dependency_has_a_known_vulnerability(target):
    dependencies = audit(TARGETS[target])

    audited = [dep for dep in dependencies if "skip_reason" not in dep]
    if not audited:
        reasons = {dep["skip_reason"].split(":")[0] for dep in dependencies}
        pytest.skip(
            "the vulnerability database (PyPI JSON API) cannot be reached from here, "
            f"nothing was audited: {'; '.join(sorted(reasons))}"
        )
    vulnerable = {
        f"{dep['name']}=={dep['version']}": [
            f"{vuln['id']} (fixed in {', '.join(vuln['fix_versions']) or 'no release yet'})"
            for vuln in dep["vulns"]
        ]
        for dep in audited
        if dep.get("vulns")
    }
    assert not vulnerable, f"known vulnerabilities, upgrade these pins: {vulnerable}"

"""`make demo` as a new user meets it (issue 17, item 3): it installs what running needs and no
test tools, builds the sample, says how to reach `tnkg` in a new shell and what to try next,
and each of those commands works in a new shell after the activation step it prints."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from support import REPO, make_workspace

from tnkg.commands import DEMO_EXTRAS

VENV = Path(sys.executable).parent.parent
# (httpx is no test tool: `tnkg push` and `tnkg query --endpoint` run on it, the remote extra)
TEST_TOOLS = {"pytest", "ruff", "hypothesis", "playwright", "sparqlwrapper"}


def _make(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["make", "--no-print-directory", "-f", str(REPO / "Makefile"), f"VENV={VENV}", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s\[<>=!~;]", req, maxsplit=1)[0].lower() for req in requirements}


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_workspace) -> tuple[Path, str]:
    """A checkout's layout where `make demo` ran a second time: the test's own environment
    stands in for the one `make demo` installs (so that the install step is not run), and
    the first run's graph is the suite's sample build (so that its records are cached)."""
    repo = make_workspace(tmp_path_factory.mktemp("demo"))
    shutil.copytree(demo_workspace / "tnkg-out", repo / "tnkg-out", symlinks=True)
    # -o: the environment counts as installed; the test never reinstalls its own .venv
    printed = _make("-o", str(VENV / ".installed-run"), "demo", cwd=repo)
    return repo, printed


def test_demo_installs_what_running_needs_and_no_test_tools():
    install = _make("-n", "-B", str(VENV / ".installed-run"), cwd=REPO)
    pip = [line for line in install.splitlines()
           if "pip install" in line and "--upgrade pip" not in line]
    assert len(pip) == 1 and f"'.[{','.join(DEMO_EXTRAS)}]'" in pip[0]  # as errors say it
    assert " -e " not in pip[0]  # an editable install makes setuptools print a warning
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    extras = project["optional-dependencies"]
    runs_with = _requirement_names(
        project["dependencies"] + [req for extra in DEMO_EXTRAS for req in extras[extra]])
    assert not runs_with & TEST_TOOLS
    assert _requirement_names(extras["dev"]) >= TEST_TOOLS


def test_demo_builds_the_sample_and_prints_three_commands_to_try(demo):
    repo, printed = demo
    assert (repo / "tnkg-out" / "store").is_dir()
    assert "built 5 projects" in printed
    activation = re.search(r"In a new shell, first run:\s+(.+)$", printed, re.M)
    assert activation and activation[1] == f"source {VENV}/bin/activate"
    tries = re.findall(r"^  (tnkg .+?)(?:\s+#.*)?$", printed, re.M)
    assert len(tries) == 3 and tries[-1] == "tnkg serve"
    assert printed.rstrip().splitlines()[-1].startswith("  tnkg serve")


def test_each_command_to_try_works_in_a_new_shell(demo):
    repo, printed = demo
    activate = re.search(r"first run:\s+(.+)$", printed, re.M)[1]
    *ones, serve = re.findall(r"^  (tnkg .+?)(?:\s+#.*)?$", printed, re.M)
    # a new shell: nothing of the test's environment but the gazetteer cache of the run
    env = {"PATH": "/usr/bin:/bin", "HOME": str(repo), "COLUMNS": "100",
           "TNKG_CACHE_DIR": os.environ["TNKG_CACHE_DIR"]}
    for command in ones:
        done = subprocess.run(["bash", "-c", f"{activate} && {command}"], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{command}: {done.stderr}"
        assert done.stdout.strip(), command
    assert shlex.split(serve) == ["tnkg", "serve"]
    with socket.socket() as probe:  # a free port: another test's server may hold 7878
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(["bash", "-c", f"{activate} && exec {serve} --port {port}"], cwd=repo,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    try:
        announced = server.stdout.readline()
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()
    assert announced.startswith(f"tnkg serve: SPARQL endpoint at http://127.0.0.1:{port}/sparql")

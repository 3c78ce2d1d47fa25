"""Every documented way to start a server listens on 127.0.0.1 unless a flag says otherwise."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines import cli

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port`` (Linux /proc/net)."""
    addresses = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, local_port = local.split(":")
            if int(local_port, 16) == port and state == "0A" and len(address) == width:
                addresses.add(address)
    return addresses


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1 (as /proc/net spells them)


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the Linux socket table")
@pytest.mark.parametrize("cwd", [ROOT, "elsewhere"])
def test_the_documented_streamlit_command_listens_on_loopback_only(tmp_path, cwd):
    port = free_port()
    working_dir = ROOT if cwd == ROOT else tmp_path
    # dashboards/README.md: `streamlit run dashboards/app.py`, from the repository or from anywhere else
    app = "dashboards/app.py" if cwd == ROOT else str(ROOT / "dashboards" / "app.py")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", app, "--server.port", str(port)],
        cwd=working_dir, env={**os.environ, "INSIGHT_DATA_DIR": str(tmp_path)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not listening_addresses(port) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        addresses = listening_addresses(port)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    assert addresses, "streamlit did not start"
    assert addresses <= LOOPBACK


class _Exited:
    pid = 0
    returncode = 0

    def poll(self):
        return 0

    def wait(self, timeout=None):
        return 0


@pytest.mark.parametrize("command", [["serve"], ["demo", "--no-serve"]])
def test_insight_serve_and_demo_start_both_servers_on_loopback_by_default(tmp_path, monkeypatch, command):
    for variable, path in {"INSIGHT_DATA_DIR": tmp_path, "DAGSTER_HOME": tmp_path / "dagster_home"}.items():
        monkeypatch.setenv(variable, str(path))
    args = cli.build_parser().parse_args(command)
    assert args.host == "127.0.0.1"
    started = []
    monkeypatch.setattr(cli, "_start", lambda argv: started.append(argv) or _Exited())
    monkeypatch.setattr(cli.signal, "signal", lambda *a: None)
    cli.cmd_serve(args)
    dagster, streamlit = started
    assert dagster[dagster.index("-h") + 1] == "127.0.0.1"
    assert streamlit[streamlit.index("--server.address") + 1] == "127.0.0.1"

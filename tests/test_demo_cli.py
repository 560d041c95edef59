"""``make run`` without a token, and ``budaya-bot demo``, as an operator sees them; and
:class:`DemoProcess`, the command started as the operator starts it (the browser test
uses it too)."""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.demo import DEFAULT_PORT

ROOT = Path(__file__).parents[1]
ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+/")
START_TIMEOUT = 60.0


class DemoProcess:
    """A running ``budaya-bot`` command; its output (stdout and stderr) collected as it goes."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        hidden = {"BOT_TOKEN", "DATABASE_PATH", "BUDAYA_ENV"}
        env = {k: v for k, v in os.environ.items() if k not in hidden}
        env.update(CONTENT_FILE=str(ROOT / "content" / "values_id.yaml"), PYTHONUNBUFFERED="1")
        # Typed in a terminal, as `make run` on a developer's machine is (without one, `run`
        # refuses to start the demo: tests/test_deploy.py).
        self._terminal, terminal = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            cwd=cwd,
            env=env,
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )
        os.close(terminal)
        self._lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self._lines)

    def wait_for_address(self) -> str:
        """The address the command printed to open, once the demo is up."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if found := ADDRESS.search(self.output):
                return found.group()
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise AssertionError(f"the demo printed no address:\n{self.output}")

    def stop(self) -> int:
        """SIGTERM, as a service manager would; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()
        if self._terminal >= 0:
            os.close(self._terminal)
            self._terminal = -1
        return self.process.returncode


@pytest.fixture
def default_port_taken() -> Iterator[None]:
    """Hold the demo's default port (if nobody else does already)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        try:
            holder.bind(("127.0.0.1", DEFAULT_PORT))
            holder.listen()
        except OSError:
            pass  # taken by someone else: just as good
        yield


@pytest.mark.usefixtures("default_port_taken")
def test_run_without_a_token_says_so_and_starts_the_demo(tmp_path: Path) -> None:
    demo = DemoProcess(["run", "--demo-if-no-token"], tmp_path)
    try:
        url = demo.wait_for_address()
        assert "BOT_TOKEN belum diisi, jadi yang berjalan adalah demo lokal" in demo.output
        assert "BOT_TOKEN is not set, so this starts the local demo" in demo.output
        assert f"Port {DEFAULT_PORT} sedang dipakai" in demo.output
        assert f"Buka / open:  {url}" in demo.output
        with urllib.request.urlopen(f"{url}api/people", timeout=10) as response:
            people = json.load(response)
        assert people["people"][0]["name"] == "Budi Santoso"
    finally:
        code = demo.stop()
    assert code == 0, demo.output
    assert "Demo berhenti. / The demo has stopped." in demo.output
    assert "Traceback" not in demo.output
    assert list(tmp_path.iterdir()) == []  # the demo's database lived in a temp dir, now gone


def test_demo_refuses_a_bad_port(tmp_path: Path) -> None:
    demo = DemoProcess(["demo", "--port", "80000"], tmp_path)
    assert demo.process.wait(timeout=30) == 2
    demo.stop()
    assert "port harus angka 0-65535" in demo.output

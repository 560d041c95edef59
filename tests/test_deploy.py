"""The deploy paths of the README, as far as they run without Docker or root.

* The image's install step (the Dockerfile's COPY and ``pip install``) is replayed into a
  clean virtual environment, and the bot is started from it with the image's environment
  (its ENV lines, WORKDIR, .env.example as ``--env-file``) against the emulator: it answers
  /start. The same install is the plain server's (``pip install /opt/budaya-bot``), and the
  systemd unit's command line, user environment and working directory start it too.
* compose.yaml, deploy/Caddyfile and deploy/budaya-bot.service are parsed and checked
  against the Dockerfile, the settings and the repository (no ``docker compose config``
  here).

Cost: the project itself is built and installed with ``--no-deps`` (pip's wheel cache
makes this a few seconds); its dependencies are borrowed read-only from the test
environment with every development package (pytest, playwright, ...) blocked, so the bot
must start without them. Set ``DEPLOY_TEST_FULL_INSTALL=1`` for a real ``pip install``
of the dependencies too (slower: about a minute from pip's cache).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.emulator import FakeBotApi

SQLITE_URL = "sqlite:///"
ROOT = Path(__file__).parents[1]
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "compose.yaml"
CADDYFILE = ROOT / "deploy" / "Caddyfile"
UNIT = ROOT / "deploy" / "budaya-bot.service"
ENV_EXAMPLE = ROOT / ".env.example"
START_TIMEOUT = 60.0

BLOCKED = ("pytest", "_pytest", "playwright", "mypy", "ruff")
"""What a production install lacks: the ``dev`` extra."""

BLOCKER = f"""\
import importlib.abc, sys
class _Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + ".") for b in {BLOCKED!r}):
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, _Blocked())
"""


# --- The Dockerfile and the unit, read as their tools read them -------------------------------


@dataclass
class Stage:
    copies: list[tuple[list[str], str]]
    runs: list[str]
    env: dict[str, str]
    workdir: str | None
    cmd: list[str]
    healthcheck: list[str]


def dockerfile_stages() -> list[Stage]:
    """Each FROM stage's COPY (sources, destination), RUN, ENV, WORKDIR, CMD, HEALTHCHECK."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    logical = re.sub(r"\\\n\s*", " ", text)
    stages: list[Stage] = []
    for line in logical.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stages.append(Stage([], [], {}, None, [], []))
            continue
        stage = stages[-1]
        if keyword == "COPY" and not rest.startswith("--from"):
            *sources, destination = shlex.split(rest)
            stage.copies.append((sources, destination))
        elif keyword == "RUN":
            stage.runs.append(rest)
        elif keyword == "ENV":
            stage.env.update(item.split("=", 1) for item in shlex.split(rest))  # type: ignore[misc]
        elif keyword == "WORKDIR":
            stage.workdir = rest
        elif keyword == "CMD":
            stage.cmd = yaml.safe_load(rest)
        elif keyword == "HEALTHCHECK":
            stage.healthcheck = yaml.safe_load(rest.split(" CMD ", 1)[1])
    return stages


def unit_entries() -> dict[str, list[tuple[str, str]]]:
    """The unit file's sections, each a list of (key, value) in order (keys may repeat)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for raw in UNIT.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
            continue
        key, sep, value = line.partition("=")
        assert sep, f"not a key=value line in the unit: {raw!r}"
        current.append((key.strip(), value.strip()))
    return sections


def unit_value(section: list[tuple[str, str]], key: str) -> str:
    values = [value for k, value in section if k == key]
    assert len(values) == 1, f"{key} set {len(values)} times"
    return values[0]


def env_file_values(path: Path) -> dict[str, str]:
    """What ``docker run --env-file`` (or Settings' .env reader) takes from ``path``."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value
    return values


def settings_variables() -> set[str]:
    return {name.upper() for name in Settings.model_fields}


# --- The clean install ------------------------------------------------------------------------


@dataclass
class CleanInstall:
    venv: Path
    source: Path
    """The build context the image copies (pyproject.toml, README.md, bot/)."""

    @property
    def command(self) -> Path:
        return self.venv / "bin" / "budaya-bot"


def _copy_into(stage: Stage, directory: Path) -> None:
    """The stage's COPY lines from the repository, into ``directory`` (its WORKDIR)."""
    for sources, destination in stage.copies:
        target = directory / destination
        for source in sources:
            origin = ROOT / source
            to = target / origin.name if destination.endswith("/") else target
            if origin.is_dir():
                shutil.copytree(origin, to, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                to.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(origin, to)


def _replay_install(build: Stage, context: Path, venv: Path) -> None:
    _copy_into(build, context)
    [install] = [run for run in build.runs if "pip install" in run]
    args = shlex.split(install)
    assert args[:2] == ["pip", "install"], install
    assert args[-1] == ".", "the image installs the build context itself"
    assert not any("[" in arg for arg in args), "the image installs no extra (demo, dev)"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    if os.environ.get("DEPLOY_TEST_FULL_INSTALL") == "1":
        # As the image has it; --prefix=/install is the clean venv here.
        options = [arg for arg in args[2:-1] if not arg.startswith("--prefix")]
        subprocess.run(
            [python, "-m", "pip", "install", "-q", *options, "."], cwd=context, check=True
        )
        return
    # The project only (pip's cache serves the build backend); the dependencies borrowed
    # read-only, and the development tools the image lacks blocked.
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "."], cwd=context, check=True
    )
    site = subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True
    )
    borrowed = sysconfig.get_path("purelib")
    (Path(site.strip()) / "zz_borrowed_dependencies.pth").write_text(
        f"{borrowed}\nimport zz_block_extras\n", encoding="utf-8"
    )
    (Path(site.strip()) / "zz_block_extras.py").write_text(BLOCKER, encoding="utf-8")


@pytest.fixture(scope="module")
def clean_install(tmp_path_factory: pytest.TempPathFactory) -> CleanInstall:
    build = dockerfile_stages()[0]
    base = tmp_path_factory.mktemp("image")
    context = base / "src"
    context.mkdir()
    venv = base / "venv"
    _replay_install(build, context, venv)
    return CleanInstall(venv, context)


@contextlib.asynccontextmanager
async def running_service(
    fake: FakeBotApi, command: list[str], env: dict[str, str], cwd: Path
) -> AsyncIterator[str]:
    """Start ``command`` as a service manager would (no terminal) and send /start; yields
    the answer while the bot still runs, then stops it with SIGTERM."""
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    user = fake.make_user("Sari")
    await fake.send_message(user, "/start")
    answer = asyncio.ensure_future(fake.wait_for_message(user, timeout=START_TIMEOUT))
    exited = asyncio.ensure_future(process.wait())
    try:
        await asyncio.wait({answer, exited}, return_when=asyncio.FIRST_COMPLETED)
        if not answer.done() or answer.exception() is not None:
            answer.cancel()
            if process.returncode is None:
                process.terminate()
            output, _ = await asyncio.wait_for(process.communicate(), 30)
            raise AssertionError(f"no answer to /start; the bot said:\n{output.decode()}")
        yield answer.result().text
    finally:
        if process.returncode is None:
            process.terminate()
        await asyncio.wait_for(process.communicate(), 30)
        await exited


async def _wait_for_file(path: Path) -> None:
    for _ in range(100):
        if await asyncio.to_thread(path.exists):
            return
        await asyncio.sleep(0.1)


def _base_env(install: CleanInstall) -> dict[str, str]:
    """A service's environment: nothing of this test process but PATH and the locale."""
    return {"PATH": f"{install.venv / 'bin'}:/usr/bin:/bin", "LANG": "C.UTF-8"}


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


# --- The image --------------------------------------------------------------------------------


async def test_the_image_install_runs_the_bot_with_the_image_environment(
    clean_install: CleanInstall, fake_api: FakeBotApi, tmp_path: Path
) -> None:
    runtime = dockerfile_stages()[-1]
    # The image's filesystem, rooted in tmp_path: /app (WORKDIR, with content/) and /data.
    root = tmp_path / "image"
    assert runtime.workdir == "/app"
    app_dir = root / "app"
    app_dir.mkdir(parents=True)
    _copy_into(runtime, app_dir)
    (root / "data").mkdir()

    def in_image(value: str) -> str:
        if value.startswith(SQLITE_URL + "/"):  # an absolute file in a URL
            return SQLITE_URL + str(root) + value.removeprefix(SQLITE_URL)
        return str(root) + value if value.startswith("/") else value

    env = _base_env(clean_install)
    env.update({key: in_image(value) for key, value in runtime.env.items()})
    # docker run --env-file .env, .env made from .env.example with the token filled in.
    from_env_file = env_file_values(ENV_EXAMPLE)
    for name in ("DATABASE_PATH", "DATABASE_URL"):
        assert name not in from_env_file, ".env.example would move the database off /data"
    env.update(from_env_file)
    env.update(BOT_TOKEN=fake_api.token, BOT_API_URL=fake_api.api_url)

    assert runtime.cmd == ["budaya-bot", "run"]
    async with running_service(fake_api, runtime.cmd, env, app_dir) as answer:
        assert "Selamat datang di Budaya Kerja Bot, Sari!" in answer
        assert (root / "data" / "budaya.db").exists(), "the database is on the /data volume"
        # The health check the image (and compose) runs, in the same environment.
        health = await asyncio.create_subprocess_exec(
            *runtime.healthcheck, env=env, cwd=app_dir, stderr=asyncio.subprocess.PIPE
        )
        _, complaint = await health.communicate()
        assert health.returncode == 0, complaint.decode()


def test_the_image_refuses_a_database_off_the_volume() -> None:
    with pytest.raises(ValueError, match=r"the database file data/budaya.db is relative"):
        Settings(_env_file=None, budaya_env="container", database_path=Path("data/budaya.db"))


# --- A plain server under systemd -------------------------------------------------------------


async def test_the_systemd_unit_command_line_runs_the_bot(
    clean_install: CleanInstall, fake_api: FakeBotApi, tmp_path: Path
) -> None:
    service = unit_entries()["Service"]
    checkout = Path(unit_value(service, "WorkingDirectory"))
    exec_start = shlex.split(unit_value(service, "ExecStart"))
    # The README installs the bot into <checkout>/venv; here, the clean install.
    assert Path(exec_start[0]) == checkout / "venv" / "bin" / "budaya-bot"
    command = [str(clean_install.command), *exec_start[1:]]
    state = Path("/var/lib") / unit_value(service, "StateDirectory")

    # The checkout as the README makes it: the repository, and .env from .env.example with
    # the token and the database in the state directory.
    here = tmp_path / "checkout"
    shutil.copytree(ROOT / "content", here / "content")
    settings = env_file_values(ENV_EXAMPLE) | {
        "BOT_TOKEN": fake_api.token,
        "BOT_API_URL": fake_api.api_url,
        "DATABASE_URL": f"{SQLITE_URL}{tmp_path / 'state' / 'budaya.db'}",
    }
    (here / ".env").write_text(
        "".join(f"{key}={value}\n" for key, value in settings.items()), encoding="utf-8"
    )
    env = _base_env(clean_install)
    for key, value in service:
        if key == "Environment":
            name, _, setting = value.partition("=")
            env[name] = setting
    assert env["BUDAYA_ENV"] == "production"

    async with running_service(fake_api, command, env, here) as answer:
        assert "Selamat datang di Budaya Kerja Bot, Sari!" in answer
    assert (tmp_path / "state" / "budaya.db").exists()
    assert unit_value(service, "ReadWritePaths") == str(state)


def test_a_server_without_a_token_stops_instead_of_starting_the_demo(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "BUDAYA_ENV"}}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--demo-if-no-token"],
        env=env,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "BOT_TOKEN belum diisi" in done.stderr
    assert "Demo tidak dijalankan" in done.stderr
    assert "Demo Budaya Kerja Bot siap" not in done.stdout


def test_the_unit_is_complete() -> None:
    entries = unit_entries()
    service = entries["Service"]
    assert unit_value(service, "User") == "budaya"
    assert unit_value(service, "Restart") == "on-failure"
    assert unit_value(service, "StandardOutput") == "journal"
    assert entries["Install"] == [("WantedBy", "multi-user.target")]
    for key, value in service:
        if key == "Environment":
            name = value.split("=", 1)[0]
            assert name in settings_variables() | {"PYTHONUNBUFFERED"}, name


# --- Docker Compose and Caddy -----------------------------------------------------------------


def test_compose_matches_the_image_and_the_settings() -> None:
    compose = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    runtime = dockerfile_stages()[-1]
    bot = compose["services"]["bot"]
    assert bot["build"] == "."
    assert bot["env_file"] == ".env"
    assert bot["restart"] == "unless-stopped"
    assert bot["healthcheck"]["test"] == ["CMD", *runtime.healthcheck]
    # Every variable it sets is a setting, and the database is on the mounted volume.
    assert set(bot["environment"]) <= settings_variables()
    database = Path(make_url(bot["environment"]["DATABASE_URL"]).database or "")
    assert database.is_absolute()
    mounts = dict(reversed(volume.split(":", 1)) for volume in bot["volumes"])
    assert str(database.parent) in mounts
    assert mounts[str(database.parent)] in compose["volumes"]
    assert bot["environment"]["CONTENT_FILE"] == runtime.env["CONTENT_FILE"]

    caddy = compose["services"]["caddy"]
    assert caddy["profiles"] == ["webhook"]
    for volume in caddy["volumes"]:
        source = volume.split(":", 1)[0]
        if source.startswith("./"):
            assert (ROOT / source).is_file(), source
    # ${VAR} in compose.yaml come from .env: each is documented in .env.example.
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", ENV_EXAMPLE.read_text(), re.MULTILINE))
    used = set(re.findall(r"\$\{([A-Z_]+)", COMPOSE.read_text(encoding="utf-8")))
    assert used <= documented, used - documented


def test_caddy_proxies_to_the_bot_webhook_port() -> None:
    compose = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    caddyfile = CADDYFILE.read_text(encoding="utf-8")
    [upstream] = re.findall(r"reverse_proxy\s+(\S+)", caddyfile)
    host, _, port = upstream.partition(":")
    assert host in compose["services"]
    default_port = re.fullmatch(r"\{\$WEBHOOK_PORT:(\d+)\}", port)
    assert default_port is not None
    assert int(default_port.group(1)) == Settings.model_fields["webhook_port"].default
    assert default_port.group(1) in compose["services"]["bot"]["expose"]
    assert "{$BOT_DOMAIN}" in caddyfile

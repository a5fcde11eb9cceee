"""The API under load: requests per second and latencies of `empact serve`, against a bare
FastAPI endpoint returning the same bytes, driven by wrk in the same run.

The real server runs as `empact serve` on a stress database; each endpoint is read as Europol
(who reads everything) and as Germany's national coordinator (whose every query carries the
scope of the policy). The baseline is `bare_app.py` under the same uvicorn defaults, serving
from memory the very bytes and headers the real endpoint answered.
"""

import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx2

from backend.deps import SESSION_COOKIE
from seed.demo import DEMO_PASSWORD
from tests.bench.bare_app import PAYLOADS_ENV, write_payload
from tests.bench.harness import Figure, peak_mb, reset_peak

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(__file__).resolve().parent
VENV_BIN = ROOT / ".venv" / "bin"
WRK = Path("/usr/bin/wrk")
WRK_SCRIPT = BENCH_DIR / "wrk_report.lua"
HOST = "127.0.0.1"
# The stress data set's accounts (seed/stress.py), by the name the table shows.
USERS = {"europol": "stress-europol", "nec-de": "stress-nec-de"}
COUNTRY = "DE"
PAGE = 25
START_SECONDS = 60.0
STOP_SECONDS = 15.0
# Response headers that belong to one response, not to the payload the bare server repeats.
PER_RESPONSE_HEADERS = frozenset(
    {"date", "server", "content-length", "set-cookie", "connection", "transfer-encoding"}
)
BASELINE_NAME = "bare FastAPI endpoint, same bytes"
TARGET = ">= 0.5"
SQLITE_P95_TARGET_MS = 50


@dataclass(frozen=True)
class Endpoint:
    key: str  # names the bare server's payload
    label: str  # the figure's name, before " as <user>"
    path: str  # path and query string, the same for httpx2 and wrk


@dataclass(frozen=True)
class Answer:
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Load:
    """What wrk measured: throughput, latencies in ms, and the failed requests."""

    requests: int
    duration_s: float
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: dict[str, int]


def _query(**params: Any) -> str:
    return urlencode(
        {name: json.dumps(value, separators=(",", ":")) for name, value in params.items()}
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _log_tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text("utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"the server for {url} stopped with status {process.returncode}:\n{_log_tail(log)}"
            )
        try:
            if httpx2.get(url, timeout=2.0).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"{url} did not answer 200 within {START_SECONDS:g} s:\n{_log_tail(log)}"
            )
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def _server(
    command: list[str], *, env: dict[str, str], ready_url: str, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """A server subprocess, answering at `ready_url`; stopped however the block ends."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_up(process, ready_url, log)
            yield process
        finally:
            _stop(process)


def _base_env() -> dict[str, str]:
    """The environment without EMPACT settings: each server gets only the ones it needs."""
    return {name: value for name, value in os.environ.items() if not name.startswith("EMPACT_")}


def _sign_in(base_url: str, username: str) -> httpx2.Client:
    # wrk asks for no compression, so the answers copied for the bare endpoint are not
    # compressed either: both servers then send the same bytes.
    client = httpx2.Client(base_url=base_url, timeout=60.0, headers={"Accept-Encoding": "identity"})
    response = client.post(
        "/api/auth/login",
        json={"username": username, "password": DEMO_PASSWORD},
        headers={"Origin": base_url},
    )
    if response.status_code != 200 or SESSION_COOKIE not in client.cookies:
        client.close()
        raise RuntimeError(
            f"POST {base_url}/api/auth/login as {username} answered {response.status_code}: "
            f"{response.text[:300]}"
        )
    return client


def _fetch(client: httpx2.Client, path: str) -> Answer:
    """One GET that must succeed with something in it: a bench of errors measures nothing."""
    response = client.get(path)
    url = f"{client.base_url}{path.lstrip('/')}"
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.text[:300]}")
    if not response.content or not response.json():
        raise RuntimeError(f"GET {url} answered 200 with nothing in it: {response.text[:300]}")
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in PER_RESPONSE_HEADERS
    }
    return Answer(response.content, headers)


def _endpoints(coordinator: httpx2.Client) -> list[Endpoint]:
    """The endpoints under load, on an action with German figures (so the coordinator sees it)."""
    first = _fetch(
        coordinator,
        "/api/indicator-values?"
        + _query(filter={"country_code": COUNTRY}, sort=["id", "ASC"], range=[0, 0]),
    )
    action_id = json.loads(first.body)[0]["action_id"]
    action = json.loads(_fetch(coordinator, f"/api/operational-actions/{action_id}").body)
    return [
        Endpoint(
            "actions-page",
            f"GET /api/operational-actions (page of {PAGE}, filter, sort)",
            "/api/operational-actions?"
            + _query(
                filter={"action_plan_id": action["action_plan_id"]},
                sort=["code", "ASC"],
                range=[0, PAGE - 1],
            ),
        ),
        # The coordinator reads the German figures only: both users get the same answer.
        Endpoint(
            "action-values",
            "GET /api/indicator-values (one action's German figures)",
            "/api/indicator-values?"
            + _query(filter={"action_id": action_id, "country_code": COUNTRY}),
        ),
        Endpoint(
            "action",
            "GET /api/operational-actions/{id}",
            f"/api/operational-actions/{action_id}",
        ),
    ]


def _check_wrk() -> None:
    if not WRK.is_file():
        raise RuntimeError(
            f"{WRK} is missing: the API bench drives the server with wrk, which `make bench` "
            "installs (the Makefile runs apt-get install -y wrk)."
        )


def _wrk(url: str, *, cookie: str | None, seconds: float, clients: int) -> Load:
    """Load `url` with wrk; raises when any request failed (a fast error is no throughput)."""
    # wrk takes whole seconds.
    command = [str(WRK), "-t1", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--latency"]
    if cookie is not None:
        command += ["-H", f"Cookie: {cookie}"]
    command += ["-s", str(WRK_SCRIPT), url]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 120, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(
            f"wrk on {url} failed with status {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )
    report = json.loads(lines[-1])
    errors: dict[str, int] = report["errors"]
    if report["requests"] == 0 or any(errors.values()):
        raise RuntimeError(
            f"wrk on {url}: {report['requests']} requests, failed ones {errors} "
            f"(status counts responses above 399):\n{done.stdout}"
        )
    return Load(
        requests=report["requests"],
        duration_s=report["duration_us"] / 1e6,
        requests_per_second=report["requests_per_second"],
        p50_ms=report["p50_ms"],
        p95_ms=report["p95_ms"],
        p99_ms=report["p99_ms"],
        errors=errors,
    )


def api_figures(
    *, database_url: str, database: str, data_dir: Path, seconds: float, clients: int = 8
) -> list[Figure]:
    """One figure per endpoint and user: the real API's req/s against the bare endpoint's."""
    _check_wrk()
    work = data_dir / "bench-api"
    shutil.rmtree(work, ignore_errors=True)
    payloads = work / "payloads"
    payloads.mkdir(parents=True)

    env = _base_env()
    env.update(EMPACT_DATABASE_URL=database_url, EMPACT_DATA_DIR=str(data_dir))
    if "EMPACT_SECRET_KEY" in os.environ:
        env["EMPACT_SECRET_KEY"] = os.environ["EMPACT_SECRET_KEY"]
    port = _free_port()
    base_url = f"http://{HOST}:{port}"
    real = _server(
        [str(VENV_BIN / "empact"), "serve", "--host", HOST, "--port", str(port)],
        env=env,
        ready_url=f"{base_url}/api/health",
        log=work / "empact-serve.log",
    )
    with real as server:
        sessions = {user: _sign_in(base_url, username) for user, username in USERS.items()}
        try:
            endpoints = _endpoints(sessions["nec-de"])
            answers = {
                (endpoint, user): _fetch(client, endpoint.path)
                for endpoint in endpoints
                for user, client in sessions.items()
            }
            cookies = {
                user: f"{SESSION_COOKIE}={client.cookies[SESSION_COOKIE]}"
                for user, client in sessions.items()
            }
        finally:
            for client in sessions.values():
                client.close()
        for endpoint in endpoints[1:]:
            if answers[endpoint, "europol"].body != answers[endpoint, "nec-de"].body:
                raise RuntimeError(
                    f"{endpoint.path}: Europol and the coordinator see different data"
                )

        bare_paths = {
            key: write_payload(
                payloads, f"{key[0].key}-{key[1]}", body=answer.body, headers=answer.headers
            )
            for key, answer in answers.items()
        }
        bare_port = _free_port()
        bare_url = f"http://{HOST}:{bare_port}"
        bare_env = _base_env()
        bare_env[PAYLOADS_ENV] = str(payloads)
        first_path = next(iter(bare_paths.values()))
        bare = _server(
            # The defaults of `empact serve`: uvicorn's own loop and HTTP choices, one process.
            [
                *(str(VENV_BIN / "python"), "-m", "uvicorn"),
                *("--app-dir", str(BENCH_DIR), "bare_app:create_app", "--factory"),
                *("--host", HOST, "--port", str(bare_port)),
            ],
            env=bare_env,
            ready_url=f"{bare_url}{first_path}",
            log=work / "bare-serve.log",
        )
        figures = []
        shared = os.environ.get(BARE_LOADS_ENV)
        bare_loads = _read_loads(Path(shared)) if shared else {}
        with bare:
            for (endpoint, user), answer in answers.items():
                reset_peak(server.pid)
                measured = _wrk(
                    f"{base_url}{endpoint.path}",
                    cookie=cookies[user],
                    seconds=seconds,
                    clients=clients,
                )
                peak = peak_mb(server.pid)
                # The same bytes are served the same way whoever asked, whatever database
                # the real API read them from: measured once per run of the bench.
                digest = hashlib.sha256(answer.body).hexdigest()
                baseline = bare_loads.get(digest) or bare_loads.setdefault(
                    digest,
                    _wrk(
                        f"{bare_url}{bare_paths[endpoint, user]}",
                        cookie=None,
                        seconds=seconds,
                        clients=clients,
                    ),
                )
                extra: dict[str, Any] = {
                    "p50_ms": measured.p50_ms,
                    "p95_ms": measured.p95_ms,
                    "p99_ms": measured.p99_ms,
                    "requests": measured.requests,
                    "bytes": len(answer.body),
                    "bare_p50_ms": baseline.p50_ms,
                    "bare_p95_ms": baseline.p95_ms,
                    "bare_p99_ms": baseline.p99_ms,
                    "bare_requests": baseline.requests,
                    "clients": clients,
                    "seconds": seconds,
                    "path": endpoint.path,
                }
                if database == "sqlite":
                    extra["p95_target_ms"] = SQLITE_P95_TARGET_MS
                figures.append(
                    Figure(
                        group="API",
                        name=f"{endpoint.label} as {user}",
                        database=database,
                        unit="req/s",
                        runs=[measured.requests_per_second],
                        baseline_name=BASELINE_NAME,
                        baseline_runs=[baseline.requests_per_second],
                        target=TARGET,
                        peak_rss_mb=peak,
                        extra=extra,
                    )
                )
        if shared:
            Path(shared).write_text(
                json.dumps({digest: asdict(load) for digest, load in bare_loads.items()})
            )
    return figures


# A file where the bare endpoint's loads are kept between the databases of one bench run.
BARE_LOADS_ENV = "EMPACT_BENCH_BARE_LOADS"


def _read_loads(path: Path) -> dict[str, Load]:
    if not path.is_file():
        return {}
    return {digest: Load(**load) for digest, load in json.loads(path.read_text()).items()}

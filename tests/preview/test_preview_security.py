"""The live preview serves only its own address and survives what an editor can save
(security review round 3, findings 2, 5 and 9): a page elsewhere cannot read drafts by
DNS rebinding (any other `Host` is refused, tested with raw HTTP requests), and a file
nested 30,000 levels deep or a named pipe saved under playbook/ is reported over the
page while the preview keeps serving."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from helpers import copy_project

PAGE = "/playbooks/angry-customer.html"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("preview-security")
    project = copy_project(tmp / "p")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project), "serve", "--lang", "en",
                             "--addr", f"127.0.0.1:{port}"], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=open(tmp / "serve.log", "w"))
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{PAGE}", timeout=2)
            break
        except OSError:
            assert proc.poll() is None, (tmp / "serve.log").read_text()
            assert time.monotonic() < deadline, "the preview server did not start"
            time.sleep(0.3)
    yield project, port, proc
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def raw_request(port: int, host: str | None, method: str = "GET", path: str = PAGE) -> tuple[int, bytes]:
    """One request written by hand, so the Host header is exactly what a rebinding page sends."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        head = f"{method} {path} HTTP/1.1\r\n" + (f"Host: {host}\r\n" if host is not None else "")
        s.sendall((head + "Connection: close\r\nContent-Length: 0\r\n\r\n").encode("ascii"))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data.partition(b"\r\n\r\n")[2]


@pytest.mark.parametrize("host", ["attacker.example:{port}", "attacker.example", "127.0.0.1.nip.io:{port}",
                                  "127.0.0.1", "localhost:1", "", None])
def test_another_host_is_refused(preview, host):
    _, port, _ = preview
    for path in (PAGE, "/_preview/problems.json", "/search/search_index.json"):
        status, body = raw_request(port, host.format(port=port) if host is not None else None, path=path)
        assert status == 421, (host, path, status)
        assert b"Draft" not in body and b"problems" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "LOCALHOST:{port}"])
def test_the_previews_own_addresses_are_served(preview, host):
    _, port, _ = preview
    status, body = raw_request(port, host.format(port=port))
    assert status == 200 and b"<h1" in body


def test_only_get_and_head_are_answered(preview):
    _, port, _ = preview
    assert raw_request(port, f"127.0.0.1:{port}", "POST")[0] == 405
    assert raw_request(port, f"127.0.0.1:{port}", "HEAD")[0] == 200


def problems(project) -> list[dict]:
    path = project / "docs" / "en" / "_preview" / "problems.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))["problems"]
    except (OSError, ValueError, KeyError):
        return []


def wait_for_problem(project, proc, file: str, timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the preview process ended"
        found = [p for p in problems(project) if p["file"] == file]
        if found:
            return found[0]
        time.sleep(0.3)
    raise AssertionError(f"no problem reported for {file}: {problems(project)}")


def test_a_deeply_nested_save_is_reported_and_the_preview_keeps_serving(preview):
    project, port, proc = preview
    path = project / "playbook" / "playbooks" / "deep.yaml"
    path.write_text("id: deep\nx: " + "[" * 30000 + "]" * 30000 + "\n", encoding="utf-8")
    try:
        problem = wait_for_problem(project, proc, "playbook/playbooks/deep.yaml")
        assert problem["line"] == 2 and "nested more than 40 levels" in problem["message"]
        assert raw_request(port, f"127.0.0.1:{port}")[0] == 200
    finally:
        path.unlink()


def test_a_fifo_saved_under_playbook_is_reported_and_the_preview_keeps_serving(preview):
    project, port, proc = preview
    fifo = project / "playbook" / "playbooks" / "fifo.yaml"
    os.mkfifo(fifo)
    try:
        problem = wait_for_problem(project, proc, "playbook/playbooks/fifo.yaml")
        assert "not a regular file" in problem["message"]
        assert raw_request(port, f"127.0.0.1:{port}")[0] == 200
    finally:
        fifo.unlink()


def test_a_fifo_among_the_previews_own_files_is_a_404_not_a_wait(preview):
    project, port, _ = preview
    fifo = project / "docs" / "en" / "_preview" / "stuck.json"
    os.mkfifo(fifo)
    try:
        assert raw_request(port, f"127.0.0.1:{port}", path="/_preview/stuck.json")[0] == 404
        assert raw_request(port, f"127.0.0.1:{port}", path="/_preview/problems.json")[0] == 200
    finally:
        fifo.unlink()

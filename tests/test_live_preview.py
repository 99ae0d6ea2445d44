"""Live preview: saving a playbook's YAML while `playbook serve` runs updates the open page."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from helpers import copy_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_saving_yaml_reloads_the_page(browser, tmp_path):
    project = copy_project(tmp_path / "p")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project), "serve",
                             "--addr", f"127.0.0.1:{port}"], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/playbooks/angry-customer.html"
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, "the preview server did not start"
                time.sleep(0.3)
        page = browser.new_page()
        page.goto(url)
        assert page.locator("h1").inner_text().rstrip("¶") == "Angry customer: 12 steps"
        yaml_file = project / "playbook" / "playbooks" / "angry-customer.yaml"
        yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(
            'en: "Angry customer: 12 steps"', 'en: "Angry customer: twelve steps"', 1), encoding="utf-8")
        page.wait_for_function(
            "() => document.querySelector('h1') && document.querySelector('h1').textContent.startsWith("
            "'Angry customer: twelve steps')", timeout=60000)
        page.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)

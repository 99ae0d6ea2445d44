"""Live preview: regenerate docs/ when a YAML file under playbook/ is saved, and let
`mkdocs serve` (which watches docs/) rebuild and reload the browser."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from generator.build import Caches, Project, generate
from generator.errors import ContentError
from generator.parallel import stay_in_process


class _Regenerate(FileSystemEventHandler):
    def __init__(self, project: Project):
        self.project = project
        self.caches = Caches()  # a save re-reads and re-renders only what changed
        self.timer: threading.Timer | None = None

    def on_any_event(self, event) -> None:
        if event.is_directory or not str(event.src_path).endswith((".yaml", ".yml")):
            return
        # Editors save in several steps (temp file, rename): wait until they settle.
        if self.timer:
            self.timer.cancel()
        self.timer = threading.Timer(0.2, self.run)
        self.timer.start()

    def run(self) -> None:
        try:
            _, log = generate(self.project, caches=self.caches)
            print(f"playbook: regenerated ({len(log.written)} pages changed)", file=sys.stderr)
        except ContentError as err:
            # The preview keeps showing the last good pages; the editor sees what to fix.
            print(err.report(), file=sys.stderr)


def serve(project: Project, lang: str, addr: str) -> int:
    try:
        generate(project)
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        return 1
    stay_in_process()  # the watcher's thread starts now; regenerations are small anyway
    observer = Observer()
    observer.schedule(_Regenerate(project), str(project.content), recursive=True)
    observer.start()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(project.config(lang)), "-a", addr]
    try:
        return subprocess.call(cmd, cwd=project.root)
    except KeyboardInterrupt:
        return 0
    finally:
        observer.stop()
        observer.join(timeout=2)
        time.sleep(0)

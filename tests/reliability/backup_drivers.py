"""Backups and restores under stress, run in a separate process against a file-based database:
`python -m tests.reliability.backup_drivers load OUTPUT_DIR BACKUPS` or `… failing_restore BACKUP_DIR`.

Prints one JSON line.
"""

import json
import sys
import threading
from pathlib import Path

import django


def save_while_backing_up(*, output: Path, backups: int, writers: int = 4) -> dict:
    """`writers` threads create and edit units through the service layer while `backups` backups are taken."""
    from django.db import connection

    from bureau import services
    from bureau.models import Enterprise
    from bureau.restore.backup import backup_create

    stop = threading.Event()
    saved = [0] * writers
    errors: list[str] = []

    def work(worker: int) -> None:
        try:
            number = 0
            while not stop.is_set():
                unit = services.record_save(instance=Enterprise(name=f"并发单位{worker}-{number}"), user=None)
                unit.note = "保存后又修改"
                services.record_save(instance=unit, user=None, expected_version=unit.version)
                saved[worker] += 1
                number += 1
        except Exception as error:  # every failure is reported, not only locks
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    pool = [threading.Thread(target=work, args=(worker,)) for worker in range(writers)]
    for thread in pool:
        thread.start()
    manifests = []
    try:
        for number in range(backups):
            before = sum(saved)
            manifests.append((str(output / f"backup-{number}"), backup_create(output=output / f"backup-{number}")))
            while sum(saved) == before and not errors:  # at least one save between two backups
                stop.wait(0.01)
    finally:
        stop.set()
        for thread in pool:
            thread.join()
    return {
        "backups": [path for path, _ in manifests],
        "units": [manifest["counts"]["bureau.enterprise"] for _, manifest in manifests],
        "saved": sum(saved),
        "errors": errors[:20],
    }


def failing_restore(*, source: Path) -> dict:
    """`manage.py restore` with a failure injected after the first pages are written into the target."""
    from django.core.management import CommandError, call_command

    from bureau.restore import backup

    def fail(status: int, remaining: int, total: int) -> None:
        if remaining > 0:  # pages are still to come: the target holds only part of the copy
            raise OSError("injected failure mid-restore")

    backup.restore_progress = fail
    try:
        call_command("restore", str(source))
    except CommandError as error:
        return {"failed": True, "message": str(error)}
    return {"failed": False, "message": ""}


if __name__ == "__main__":
    django.setup()
    command, *args = sys.argv[1:]
    if command == "load":
        result = save_while_backing_up(output=Path(args[0]), backups=int(args[1]))
    else:
        result = failing_restore(source=Path(args[0]))
    print(json.dumps(result, ensure_ascii=False), flush=True)

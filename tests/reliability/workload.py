"""Writes run in a separate process against a file-based SQLite database: `python -m tests.reliability.workload …`.

Used by the reliability tests (threads writing at once, a small ledger to back up); prints one JSON line.
"""

import json
import sys
import threading
import time

import django


def setup(transaction_mode: str | None = None) -> None:
    django.setup()
    if transaction_mode:
        # Only the control run changes this, to show the test notices what IMMEDIATE prevents.
        from django.conf import settings

        settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] = transaction_mode


def threads(workers: int, writes: int) -> None:
    """`workers` threads each create `writes` units and edit one shared unit (read, pause, write) at once."""
    from django.db import connection, transaction

    from bureau import services
    from bureau.models import Enterprise

    shared = services.record_save(instance=Enterprise(name="共享单位"), user=None)
    connection.close()
    errors: list[str] = []
    start = threading.Barrier(workers)

    def work(worker: int) -> None:
        try:
            start.wait()
            for number in range(writes):
                try:
                    services.record_save(instance=Enterprise(name=f"线程{worker}单位{number}"), user=None)
                    with transaction.atomic():
                        current = Enterprise.objects.get(pk=shared.pk)
                        time.sleep(0.002)
                        current.note = f"{current.note}{worker}."
                        services.record_save(instance=current, user=None)
                except Exception as error:  # every failure is counted, not only locks
                    errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    pool = [threading.Thread(target=work, args=(worker,)) for worker in range(workers)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    shared.refresh_from_db()
    print(
        json.dumps(
            {
                "errors": errors[:20],
                "error_count": len(errors),
                "units": Enterprise.objects.filter(name__startswith="线程").count(),
                "shared_edits": shared.note.count("."),
                "shared_version": shared.version,
            }
        ),
        flush=True,
    )


def populate() -> None:
    """One record of every type with an attachment each, an edit and a deletion: a small ledger with history."""
    import secrets

    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from bureau import services
    from bureau.models import Attachment, Enterprise
    from tests.reliability.builders import new_record, one_of_each

    user = get_user_model().objects.create_user(username="clerk", password=secrets.token_urlsafe(12))
    records = one_of_each(user=user)
    for label, record in records.items():
        attachment = Attachment(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            token=secrets.token_hex(16),
            original_name=f"{label}.pdf",
            mime_type="application/pdf",
            size=20,
            uploaded_by=user,
        )
        attachment.file.save(attachment.token, ContentFile(f"%PDF-1.4 {label}".encode()), save=False)
        attachment.save()
    unit = records["bureau.enterprise"]
    unit.note = "备份前的修改"
    services.record_save(instance=unit, user=user, expected_version=unit.version)
    services.record_delete(instance=new_record(Enterprise, user=user), user=user)
    print(json.dumps({"records": len(records)}), flush=True)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    mode = args.pop() if args and args[-1] in {"DEFERRED", "IMMEDIATE"} else None
    setup(mode)
    {"threads": threads, "populate": populate}[command](*map(int, args))

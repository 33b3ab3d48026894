"""Writes on attachments: upload (checked by real content and size) and soft delete."""

import re
import secrets
import unicodedata
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat

from bureau.models import Attachment

from .sniffing import FileKind, sniff

NAME_MAX_LENGTH = 120
# Characters that mean something to a file system, a shell or an HTTP header.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|;]')


def safe_filename(name: str, kind: FileKind) -> str:
    """A file name safe to store and send back: no path, no control or reserved characters,
    and the extension of what the file really is (a PNG called 批复.pdf is sent as 批复.png)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = PurePosixPath(name.replace("\\", "/")).name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"\s+", " ", _UNSAFE.sub("_", stem)).strip(" ._") or "附件"
    return f"{stem[:NAME_MAX_LENGTH]}.{kind.extension}"


def _user(user: AbstractBaseUser | None):
    return user if user is not None and user.is_authenticated else None


@transaction.atomic
def attachment_upload(
    *, record: models.Model, file: UploadedFile, user: AbstractBaseUser | None, description: str = ""
) -> Attachment:
    """Attach `file` to `record` after checking its size and its real type; stored under our random name."""
    limit = settings.LEDGER_UPLOAD_MAX_BYTES
    if not file.size:
        raise ValidationError("文件为空，请重新选择。", code="attachment_empty")
    if file.size > limit:
        raise ValidationError(
            "文件过大（%(size)s），单个附件不能超过%(limit)s。",
            code="attachment_size",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    kind = sniff(file)
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        token=secrets.token_hex(16),
        original_name=safe_filename(file.name, kind),
        mime_type=kind.mime_type,
        size=file.size,
        description=(description or "").strip()[:200],
        uploaded_by=_user(user),
    )
    attachment._history_user = _user(user)
    # The storage name comes from attachment_path (the token); the user's name is never a path.
    attachment.file.save(attachment.token, file, save=False)
    try:
        attachment.full_clean(exclude=["file", "uploaded_by"])
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, user: AbstractBaseUser | None) -> None:
    """Hide an attachment. The file stays on disk and the row in the history, so it can be restored."""
    attachment.is_deleted = True
    attachment._history_user = _user(user)
    attachment.save(update_fields=["is_deleted"])

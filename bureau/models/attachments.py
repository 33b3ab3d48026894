"""Attachments: scanned certificates and letters carried by any record."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is ours; the user's file name is kept only in original_name.
    content_type = instance.content_type
    return f"attachments/{content_type.app_label}/{content_type.model}/{instance.object_id}/{instance.token}"


class Attachment(models.Model):
    """附件: a file attached to any record. Never deleted with its record, so a restored record gets it back."""

    content_type = models.ForeignKey(ContentType, verbose_name="记录类型", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField("记录编号", db_index=True)
    record = GenericForeignKey("content_type", "object_id")
    token = models.CharField("存储名", max_length=40, unique=True)
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    mime_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    description = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    is_deleted = models.BooleanField("已删除", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name

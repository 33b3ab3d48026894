"""What one delete took with it, so a restore brings back the whole group in one step."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class DeletionBatch(models.Model):
    """删除批次: one delete a user confirmed — the record they chose, and when and by whom.

    The records deleted with it and the links it cleared are its entries; each of them also has
    a history row of its own (with the user), so the history pages tell the same story.
    """

    content_type = models.ForeignKey(ContentType, verbose_name="记录类型", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField("记录编号")
    deleted_at = models.DateTimeField("删除时间", auto_now_add=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="删除人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    restored_at = models.DateTimeField("恢复时间", null=True, blank=True)

    class Meta:
        verbose_name = "删除批次"
        verbose_name_plural = "删除批次"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type.name}（编号{self.object_id}）的删除"


class DeletionBatchEntry(models.Model):
    """删除批次明细: a record deleted with the batch's record, or a link to it that the delete cleared."""

    DELETED, UNLINKED = "deleted", "unlinked"
    ACTION_CHOICES = [(DELETED, "随之删除"), (UNLINKED, "清除关联")]

    batch = models.ForeignKey(DeletionBatch, verbose_name="删除批次", on_delete=models.CASCADE, related_name="entries")
    content_type = models.ForeignKey(ContentType, verbose_name="记录类型", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField("记录编号")
    action = models.CharField("操作", max_length=10, choices=ACTION_CHOICES)
    # For a cleared link: the field (a foreign key or a many-to-many field) and the id it held.
    field_name = models.CharField("字段", max_length=100, blank=True)
    value = models.PositiveBigIntegerField("原关联编号", null=True, blank=True)

    class Meta:
        verbose_name = "删除批次明细"
        verbose_name_plural = "删除批次明细"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()}：{self.content_type.name}（编号{self.object_id}）"

"""What the 操作日志 needs beyond the record types' own history: imports as one entry, and 用户管理's actions."""

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    """导入批次: one confirmed Excel import (one record type or the whole ledger), with its row counts.

    The history rows the import wrote carry `history_change_reason` “Excel导入 #<id>”
    (`bureau.operations.import_reason`), so the 操作日志 shows the batch as one entry and its page
    lists the records it wrote, without a column added to every history table.
    """

    created_at = models.DateTimeField("导入时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    scope = models.CharField("导入内容", max_length=100, help_text="记录类型名称，或“整本台账”")
    file_name = models.CharField("文件名", max_length=200, blank=True)
    # Per sheet, in import order: {"label": "patents.patent", "title": "专利", "new": 3, "changed": 1, "unchanged": 5}.
    sheets = models.JSONField("各表行数", default=list)
    # ",patents.patent,bureau.enterprise," so that the log's record-type filter finds the batch.
    labels = models.CharField("记录类型", max_length=1000, blank=True)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at"]
        permissions = [("operation_log", "可以查看操作日志")]

    def __str__(self) -> str:
        return f"{self.scope}导入 #{self.pk}"

    def totals(self) -> dict[str, int]:
        return {key: sum(sheet.get(key, 0) for sheet in self.sheets) for key in ("new", "changed", "unchanged")}


class UserAction(models.Model):
    """用户管理操作: an admin added, edited, disabled, enabled, reset or unlocked a user (users keep no history)."""

    ACTIONS = [
        ("add", "新增用户"),
        ("edit", "修改用户"),
        ("disable", "停用用户"),
        ("enable", "启用用户"),
        ("reset", "重置密码"),
        ("unlock", "解锁用户"),
        ("password", "修改密码"),  # the user's own change, at first login or later
    ]

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.PROTECT, related_name="admin_actions"
    )
    action = models.CharField("操作", max_length=10, choices=ACTIONS)
    # Old → new of what changed, e.g. [["角色", "录入员", "领导"]]; never a password.
    changes = models.JSONField("变更内容", default=list, blank=True)

    class Meta:
        verbose_name = "用户管理操作"
        verbose_name_plural = "用户管理操作"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}：{self.target}"

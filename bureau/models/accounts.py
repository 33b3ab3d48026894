"""Account security kept beside Django's users: password age, a forced change, the last passwords' hashes."""

from django.conf import settings
from django.db import models


class AccountSecurity(models.Model):
    """账号安全: whether a user must change the password before anything else (its age is its history's)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="account_security"
    )
    must_change_password = models.BooleanField(
        "须修改密码", default=False, help_text="初始密码或重置后的密码：下次登录须先修改"
    )

    class Meta:
        verbose_name = "账号安全"
        verbose_name_plural = "账号安全"

    def __str__(self) -> str:
        return str(self.user)


class PasswordHistory(models.Model):
    """历史密码: the hash of a password a user had, so that a new one is not one of the last few."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField("密码哈希", max_length=128)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["user", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

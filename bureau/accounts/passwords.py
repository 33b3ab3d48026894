"""The password rule of our own, beside Django's four validators (settings.AUTH_PASSWORD_VALIDATORS).

Django's validators already refuse a password shorter than 8 characters, one like the user's name,
a common one and an all-digit one. This adds what 等保 2.0 assessments ask for: three kinds of
characters, not the user name, not one of the last passwords. Django calls `password_changed`
after every saved password change, which is where the history is kept.
"""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

from . import selectors, services

CHARACTER_KINDS = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda c: not c.isalnum() and not c.isspace()),
)


def character_kinds(password: str) -> int:
    return sum(1 for _, test in CHARACTER_KINDS if any(test(c) for c in password))


class PasswordRulesValidator:
    """At least `min_kinds` of upper case, lower case, digits, symbols; no user name; none of the last passwords."""

    def __init__(self, min_kinds: int = 3):
        self.min_kinds = min_kinds

    @property
    def history(self) -> int:
        return settings.LEDGER_PASSWORD_HISTORY

    def validate(self, password: str, user=None) -> None:
        errors = []
        if character_kinds(password) < self.min_kinds:
            errors.append(
                ValidationError(
                    f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_kinds}种。", code="password_too_simple"
                )
            )
        username = user.get_username() if user is not None else ""
        if username and username.casefold() in password.casefold():
            errors.append(ValidationError("密码不能包含用户名。", code="password_contains_username"))
        if user is not None and user.pk and self.history:
            hashes = selectors.recent_password_hashes(user=user, count=self.history)
            if any(check_password(password, encoded) for encoded in hashes):
                errors.append(
                    ValidationError(f"新密码不能与最近{self.history}次使用过的密码相同。", code="password_reused")
                )
        if errors:
            raise ValidationError(errors)

    def password_changed(self, password: str, user=None) -> None:
        if user is not None and user.pk:
            services.password_change_record(user=user)

    def get_help_text(self) -> str:
        return (
            f"须包含大写字母、小写字母、数字、符号中的至少{self.min_kinds}种，不能包含用户名，"
            f"不能与最近{self.history}次使用过的密码相同。"
        )

"""Forms of 用户管理."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from bureau.roles import ROLES

ROLE_CHOICES = [(role, role) for role in ROLES]


class UserEditForm(forms.Form):
    full_name = forms.CharField(label="姓名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=ROLE_CHOICES)


class UserCreateForm(UserEditForm):
    username = forms.CharField(
        label="用户名",
        max_length=150,
        help_text="登录时输入，如 zhangsan；只能包含字母、数字和 @ . + - _",
        validators=[UnicodeUsernameValidator()],
    )
    field_order = ["username", "full_name", "role"]

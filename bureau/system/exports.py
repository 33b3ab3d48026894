"""Files 系统管理 hands out: the login log as a workbook."""

from collections.abc import Iterable

from django.utils import timezone

from bureau.importexport.xlsx import XlsxWriter

from .selectors import LoginEvent


def login_log_workbook(*, events: Iterable[LoginEvent], output) -> None:
    """登录日志 as one sheet: time, user name, address, browser, result."""
    writer = XlsxWriter(output)
    writer.add_sheet(
        title="登录日志",
        headers=["时间", "用户名", "地址", "浏览器", "结果"],
        widths=[20, 16, 18, 60, 10],
        rows=([timezone.localtime(e.time), e.username, e.address, e.browser, e.result] for e in events),
    )
    writer.close()

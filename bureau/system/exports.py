"""Files 系统管理 hands out: the login log and the operation log as workbooks."""

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


def operation_log_workbook(*, rows: Iterable, output) -> None:
    """操作日志 as one sheet: time, user, operation, record type, record, changes (one line each)."""
    writer = XlsxWriter(output)
    writer.add_sheet(
        title="操作日志",
        headers=["时间", "操作人", "操作", "记录类型", "记录", "变更内容"],
        widths=[20, 18, 10, 16, 40, 80],
        rows=(
            [
                timezone.localtime(row.when),
                row.user,
                row.operation + (f"（{row.note}）" if row.note else ""),
                row.record_type,
                f"（已删除）{row.record}" if row.deleted else row.record,
                "\n".join(
                    f"{change.label}：{change.old} → {change.new}" if change.label else change.new
                    for change in row.changes
                ),
            ]
            for row in rows
        ),
    )
    writer.close()

"""How a history row names its operation (新增/修改/删除/恢复/导入), the same on every page that shows one.

The operation is read from simple-history's type (+ ~ -) and the change reason the services write:
a restore writes `RESTORE_REASON`, an import `import_reason(batch)` (older imports wrote `IMPORT_REASON`
alone). The history pages, the dashboard's recent changes and the 操作日志 all call `operation_label`.
"""

import re

IMPORT_REASON = "Excel导入"
RESTORE_REASON = "恢复已删除记录"
_BATCH = re.compile(rf"^{IMPORT_REASON} #(\d+)$")

ADD, CHANGE, DELETE, RESTORE, IMPORT = "新增", "修改", "删除", "恢复", "导入"
OPERATIONS = (ADD, CHANGE, DELETE, RESTORE, IMPORT)
_TYPES = {"+": ADD, "~": CHANGE, "-": DELETE}


def import_reason(batch_id: int) -> str:
    """The change reason of the history rows an import batch writes: “Excel导入 #12”."""
    return f"{IMPORT_REASON} #{batch_id}"


def import_batch_id(reason: str | None) -> int | None:
    """The import batch a history row belongs to, from its change reason (None for any other row)."""
    match = _BATCH.match(reason or "")
    return int(match.group(1)) if match else None


def operation_label(history_type: str, reason: str | None) -> str:
    """新增, 修改, 删除, 恢复 or 导入 for a history row of any record type."""
    reason = reason or ""
    if reason.startswith(IMPORT_REASON):
        return IMPORT
    if RESTORE_REASON in reason and history_type != "-":
        return RESTORE
    return _TYPES.get(history_type, history_type)


def without_changes(history_type: str, reason: str | None) -> str:
    """What a history row without changed fields says: 恢复记录, 创建记录, else empty."""
    if operation_label(history_type, reason) == RESTORE:
        return "恢复记录"
    return "创建记录" if history_type == "+" else ""


def operation_note(reason: str | None) -> str:
    """What the change reason adds to the operation's name (“随…删除”), empty where the label says it all."""
    reason = reason or ""
    if reason.startswith(IMPORT_REASON) or reason == RESTORE_REASON:
        return ""
    return reason

"""已删除记录: every deleted record of every record type, and its restore by an admin."""

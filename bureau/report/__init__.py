"""The annual report: builders, staff edits, PDF/DOCX output."""

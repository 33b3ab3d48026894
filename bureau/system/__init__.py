"""系统管理: the administration pages of the app itself (users and roles), for admins, in Chinese."""

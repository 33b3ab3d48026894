from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Gives the development tools their management commands (bench, make_synthetic, load_demo)."""

    name = "bureau.devtools"
    label = "devtools"
    verbose_name = "开发工具"

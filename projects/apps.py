from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "科技计划项目"

    def ready(self) -> None:
        from . import figures, records  # noqa: F401  (registers the record types and figures of this app)

from django.apps import AppConfig


class PatentsConfig(AppConfig):
    name = "patents"
    verbose_name = "知识产权"

    def ready(self) -> None:
        from . import figures, records  # noqa: F401  (registers the record types and figures of this app)

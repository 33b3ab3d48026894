from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "科普合作与帮扶"

    def ready(self) -> None:
        from . import figures, records  # noqa: F401  (registers the record types and figures of this app)

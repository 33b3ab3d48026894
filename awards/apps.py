from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "奖励成果与人才"

    def ready(self) -> None:
        from . import figures, records  # noqa: F401  (registers the record types and figures of this app)

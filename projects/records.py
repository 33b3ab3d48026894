"""Record types of 科技计划项目, registered once."""

from bureau.models import Enterprise
from bureau.proofread.names import register_names_provider
from bureau.registry import registry

from .models import Program, ProjectApplication

registry.register(ProjectApplication, search_fields=("title", "applicant__name", "applicant_person", "program__name"))
registry.register(Program, search_fields=("name",), is_list=True, related=("projects",))
registry.add_related(Enterprise, "projects")


@register_names_provider
def programme_and_project_names():
    """Programme names and project titles, for the proofreader."""
    yield from Program.objects.values_list("name", flat=True)
    yield from ProjectApplication.objects.values_list("title", flat=True)

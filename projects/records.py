"""Record types of 科技计划项目, registered once."""

from bureau.models import Enterprise
from bureau.registry import registry

from .models import Program, ProjectApplication

registry.register(ProjectApplication, search_fields=("title", "applicant__name", "applicant_person", "program__name"))
registry.register(Program, search_fields=("name",), is_list=True, related=("projects",))
registry.add_related(Enterprise, "projects")

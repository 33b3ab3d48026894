"""Record types of 知识产权, registered once."""

from bureau.models import Enterprise
from bureau.registry import registry

from .models import Patent

registry.register(Patent, search_fields=("application_number", "title", "applicant__name", "applicant_person"))
registry.add_related(Enterprise, "patents")

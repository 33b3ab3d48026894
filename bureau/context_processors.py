"""Template context every page needs: the bureau's name and the menu the user may see."""

from .models import BureauProfile
from .registry import registry


def ledger(request) -> dict:
    # Templates rendered inside a page (django-tables2's table) run the context processors
    # again: compute once per request, or every list page pays the queries twice.
    cached = getattr(request, "_ledger_context", None)
    if cached is None:
        cached = request._ledger_context = _ledger(request)
    return cached


def _ledger(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"bureau_profile": BureauProfile.current()}
    # A superuser sees every menu entry: skip the permission queries.
    perms = set() if user.is_superuser else user.get_all_permissions()
    match = getattr(request, "resolver_match", None)
    current = (match.namespace, match.url_name.rsplit("_", 1)[0]) if match and match.url_name else None
    menu = [
        (
            group,
            [
                {
                    "record_type": rt,
                    "url": rt.menu_url(),
                    "active": current == (rt.app_label, rt.model_name),
                }
                for rt in types
                if user.is_superuser or rt.permission("list") in perms
            ],
        )
        for group, types in registry.menu()
    ]
    return {
        "bureau_profile": BureauProfile.current(),
        "menu": [(group, types) for group, types in menu if types],
    }

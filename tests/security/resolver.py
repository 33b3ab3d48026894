"""Every URL of the site, enumerated from the URL resolver, with sample arguments so each one can be requested."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bureau.registry import registry

# Django's own admin has its own staff login and permission checks; it is tested by Django.
SKIPPED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: URLPattern

    @property
    def kwarg_names(self) -> list[str]:
        return list(self.pattern.pattern.converters)

    @property
    def view_class(self):
        return getattr(self.pattern.callback, "view_class", None)

    @property
    def record_type(self):
        """The record type a registry-generated view serves (None for other pages)."""
        initkwargs = getattr(self.pattern.callback, "view_initkwargs", {})
        return initkwargs.get("record_type")

    @property
    def is_public(self) -> bool:
        # LoginRequiredMiddleware lets through only views marked login_not_required.
        return getattr(self.pattern.callback, "login_required", True) is False

    def __str__(self) -> str:
        return self.name


def _walk(patterns, namespace: str = "", prefix_converters: bool = False):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}:{entry.namespace}" if entry.namespace and namespace else entry.namespace or namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(f"{namespace}:{entry.name}" if namespace else entry.name, entry)


def all_routes() -> list[Route]:
    """Every named URL of the site except the skipped namespaces, in resolver order."""
    return list(_walk(get_resolver().url_patterns))


def url_for(route: Route, objects: dict, *, missing: bool = False) -> str:
    """The URL of a route, its <pk> pointing at a real record of its type (or a missing one)."""
    record_type = route.record_type
    kwargs = {}
    for name, converter in route.pattern.pattern.converters.items():
        if name in {"pk", "object_id", "id"} and record_type is not None:
            kwargs[name] = 999_999 if missing else objects[record_type.model._meta.label_lower].pk
        elif name.startswith("attachment") and record_type is not None:
            # The attachment of this very record, so a download is a real success for those allowed.
            kwargs[name] = objects["attachments"][record_type.model._meta.label_lower].pk
        elif name in SAMPLE_KWARGS:
            kwargs[name] = SAMPLE_KWARGS[name](objects) if callable(SAMPLE_KWARGS[name]) else SAMPLE_KWARGS[name]
        elif type(converter).__name__ == "IntConverter":
            kwargs[name] = 999_999 if missing else 1
        else:
            kwargs[name] = "sample"
    return reverse(route.name, kwargs=kwargs)


def _any_record(objects):
    return objects["bureau.enterprise"]


# Values for URL arguments of pages outside the registry (reports by year, attachments by token …).
SAMPLE_KWARGS = {
    "year": 2023,
    "app_label": lambda objects: _any_record(objects)._meta.app_label,
    "model_name": lambda objects: _any_record(objects)._meta.model_name,
    "model": lambda objects: _any_record(objects)._meta.model_name,
    "fmt": "pdf",
}


def registry_routes() -> list[Route]:
    return [route for route in all_routes() if route.record_type is not None]


def registered_labels() -> list[str]:
    return [rt.model._meta.label_lower for rt in registry]

"""Site pages outside the registry: global search, error pages (the home page is the dashboard)."""

from django.shortcuts import render
from django.views import generic

from bureau.filtering import search_condition
from bureau.registry import registry


class GlobalSearchView(generic.TemplateView):
    """Search every record type the user may view; at most ten hits per type."""

    template_name = "search.html"
    per_type = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        results = []
        if query:
            user = self.request.user
            for rt in registry:
                condition = search_condition(rt.model, rt.search_fields, query)
                if condition is None or not user.has_perm(rt.permission("list")):
                    continue
                hits = list(rt.model._default_manager.filter(condition)[: self.per_type + 1])
                if hits:
                    results.append(
                        {"record_type": rt, "hits": hits[: self.per_type], "more": len(hits) > self.per_type}
                    )
        context.update(query=query, results=results)
        return context


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)

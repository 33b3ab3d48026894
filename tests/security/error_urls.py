"""The site's URLs plus one page that fails, to see the 500 page and its log line."""

from django.urls import path

from bureau.urls import handler404, handler500, urlpatterns  # noqa: F401


def broken_view(request):
    raise RuntimeError("deliberate failure for the 500 test")


urlpatterns = [*urlpatterns, path("test-broken/", broken_view, name="test_broken")]

"""Static files: production's hashed collectstatic works, and no page loads anything from outside the machine."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)
CSS_EXTERNAL = re.compile(r"""(?:@import|url\()\s*["']?(?:https?:)?//""", re.IGNORECASE)


def test_collectstatic_with_manifest_storage(tmp_path):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("bureau/vendor/echarts/echarts.min.*.js"))


def test_templates_and_styles_load_nothing_from_outside():
    base = Path(settings.BASE_DIR)
    offenders = []
    for path in [*base.glob("templates/**/*.html"), *base.glob("*/templates/**/*.html")]:
        if EXTERNAL.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path))
    for path in base.glob("*/static/**/*.css"):
        if CSS_EXTERNAL.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path))
    assert not offenders


def test_pages_under_the_csp_have_no_style_element():
    """Pages served in the app may not carry <style>: the CSP would block it (only the PDF source may)."""
    base = Path(settings.BASE_DIR)
    offenders = [
        str(path)
        for path in base.glob("templates/**/*.html")
        if "{% extends" in (text := path.read_text(encoding="utf-8")) and "<style" in text
    ]
    assert not offenders

"""WSGI entry point for gunicorn: `gunicorn bureau.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings.production")
application = get_wsgi_application()

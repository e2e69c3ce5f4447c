"""WSGI entry point, used by `kirok serve`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kirok.settings")
application = get_wsgi_application()

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.config.settings")
application = get_wsgi_application()

from thidua.core.checks import refuse_demo_users_in_production  # noqa: E402

refuse_demo_users_in_production()

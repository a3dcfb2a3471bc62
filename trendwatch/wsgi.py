import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trendwatch.settings")
application = get_wsgi_application()

# What is loaded by now (Django, Wagtail, the models) lives as long as the process: the garbage
# collector need not scan it again, and a page allocates thousands of short-lived objects, so the
# youngest generation is collected less often. Together about a tenth more uncached pages per
# second in the load test.
gc.freeze()
gc.set_threshold(20_000, 20, 20)

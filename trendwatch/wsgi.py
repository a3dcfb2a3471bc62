import gc
import os
import sys

# Chosen before the site's modules are imported: they may read the settings as they load.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trendwatch.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

from trendwatch.search.limits import SearchAdmission  # noqa: E402

# Searches take turns before Django sees them (see search/limits.py).
application = SearchAdmission(get_wsgi_application())

# What is loaded by now (Django, Wagtail, the models) lives as long as the process: the garbage
# collector need not scan it again, and a page allocates thousands of short-lived objects, so the
# youngest generation is collected less often. Together about a tenth more uncached pages per
# second in the load test.
gc.freeze()
gc.set_threshold(20_000, 20, 20)

# A thread that waited on the database waits again for the GIL while another thread computes: up to
# the switch interval each time. A page makes a dozen queries, so under a flood of searches the
# default 5 ms adds tens of milliseconds to every other page; 1 ms keeps that small.
sys.setswitchinterval(0.001)

import subprocess
import sys


def test_engine_never_imports_django_or_wagtail():
    code = (
        "import sys, trendwatch.similar, trendwatch.similar.evaluate, trendwatch.similar.bench;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'wagtail')))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"


def test_the_site_loads_the_compiled_kernels_only_where_documents_are_ranked():
    code = (
        "import os, sys, django;"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'trendwatch.settings';"
        "django.setup();"
        "import trendwatch.related.tasks, trendwatch.entities.matching, trendwatch.search.index, trendwatch.urls;"
        "print('numba' in sys.modules);"
        "from trendwatch.similar import SimilarityIndex;"
        "print('numba' in sys.modules)"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.split() == ["False", "True"]

import subprocess
import sys


def test_engine_never_imports_django_or_wagtail():
    code = (
        "import sys, trendwatch.similar, trendwatch.similar.evaluate, trendwatch.similar.bench;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'wagtail')))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"

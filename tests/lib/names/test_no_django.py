"""kirok.lib.names is a pure engine: it must import and work with Django absent."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = textwrap.dedent(
    """
    import sys

    class BlockDjango:
        def find_spec(self, name, path=None, target=None):
            if name == "django" or name.startswith("django."):
                raise ImportError(f"{name} is blocked in this test")
            return None

    sys.meta_path.insert(0, BlockDjango())
    for name in [m for m in sys.modules if m == "django" or m.startswith("django.")]:
        del sys.modules[name]

    import kirok.lib.names as names

    assert names.romanize_name("김혜송", "rr", surname="common") == "Kim Hyesong"
    assert names.similarity("김혜송", "Hyesong Kim") >= 0.9
    assert names.comparison_key("Kim Hye-song") == names.comparison_key("김혜송")
    assert names.similarity_matrix(["김혜송"], ["Kim Hye Song", "Lee Young-hee"]).shape == (1, 2)
    assert not any(m == "django" or m.startswith("django.") for m in sys.modules)
    print("ok")
    """
)


def test_it_imports_and_works_without_django():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"

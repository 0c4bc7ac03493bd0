"""Put on PYTHONPATH to make PySide6 unimportable, as on a machine without Qt."""

import sys


class _NoQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError(f"{name} is blocked: the core must work without Qt")
        return None


sys.meta_path.insert(0, _NoQt())

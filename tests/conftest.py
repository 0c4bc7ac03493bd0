import gc
import os

import pytest

from esdesktop.history.collector import collect_if_due

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _collect_between_tests():
    """Once the window tests have handed the cyclic collector to the GUI thread
    (esdesktop.gui.collector), it runs only while a Qt event loop does: tests without one
    let it run here, on the main thread, as it would run by itself."""
    yield
    if not gc.isenabled():
        collect_if_due()

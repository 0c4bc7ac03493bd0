"""The PySide6 window. It talks to History only; nothing below it."""

from esdesktop.gui.main_window import MainWindow

__all__ = ["MainWindow"]

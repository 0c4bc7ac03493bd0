"""History: commands, cursor moves, timeline and branches, subscriptions. No Qt."""

from esdesktop.history.history import Change, History, UserHistoryEntry

__all__ = ["Change", "History", "UserHistoryEntry"]

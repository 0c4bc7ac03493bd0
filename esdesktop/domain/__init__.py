"""The domain: users, events, commands, and the fold that evolves a state. No SQL, no Qt."""

from esdesktop.domain.checkpoint import Checkpoint, check_checkpoint_name
from esdesktop.domain.column_records import CodedColumn, ColumnRecords, TextColumn
from esdesktop.domain.commands import (
    Decision,
    create_user,
    create_users,
    delete_user,
    update_user,
)
from esdesktop.domain.events import (
    CHANGED,
    CREATED,
    DELETED,
    Event,
    UnknownEventError,
    UserChanged,
    UserCreated,
    UserDeleted,
    decode,
    encode,
    encode_fast,
    payload,
    upcast,
)
from esdesktop.domain.id_slots import id_slots
from esdesktop.domain.restore import restore_user, restore_value
from esdesktop.domain.revision import Revision
from esdesktop.domain.state import ReplayError, State, UsersView, apply, column_of, revert
from esdesktop.domain.user import FIELDS, ROLES, User, check_field, username_keys

__all__ = [
    "CHANGED", "CREATED", "DELETED", "FIELDS", "ROLES", "CodedColumn", "ColumnRecords",
    "Decision", "Event",
    "ReplayError", "Revision", "State", "TextColumn", "UnknownEventError", "User", "UserChanged",
    "UserCreated", "UserDeleted", "UsersView", "apply", "check_field", "column_of",
    "create_user", "create_users",
    "decode", "delete_user", "encode", "encode_fast", "payload", "revert", "update_user", "upcast",
    "id_slots", "username_keys",
    "Checkpoint", "check_checkpoint_name", "restore_user", "restore_value",
]

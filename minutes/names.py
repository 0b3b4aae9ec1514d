"""File names as they can be shown, logged and stored, whatever bytes they hold."""

from __future__ import annotations

import os
import unicodedata

# Unicode categories that would hide, break or reorder what follows a name: controls, format
# characters (the bidirectional overrides among them), line and paragraph separators.
_HIDDEN = ("Cc", "Cf", "Zl", "Zp")


def printable(name: str) -> str:
    """`name` with bytes that are not UTF-8 and hiding characters escaped ("\\xff", "\\u202e")."""
    text = os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in _HIDDEN else ch for ch in text)

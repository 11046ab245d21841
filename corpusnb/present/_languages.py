"""The names of the languages the pages and sentences print (shared by present/ and apps/)."""
from __future__ import annotations

LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh", "und": "undetermined"}
"""A language code -> its English name; a code not here is printed as it is."""

"""Stories: grouping articles, comparing a story's sources, timelines, outlets, history.

Two cached stages live here, each with its part of the cache keys
(`generator.incremental.keys`): grouping (`group`) and comparison (`compare` and what it
calls). Bump a stage's version with any change that alters its results, and name every
word list it reads.
"""

GROUPING_VERSION = 1
GROUPING_LEXICONS: tuple[str, ...] = ("stop_words", "slug_stop_words")
COMPARISON_VERSION = 1
COMPARISON_LEXICONS: tuple[str, ...] = (
    "topics",
    "not_tags",
    "stance_markers",
    "outlets",
    "calendar_words",
    "speech_verbs",
    "stop_words",
)

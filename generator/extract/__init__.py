"""Per-article extraction: clean, metadata, NLP, entities, figures, quotes, summary.

`VERSION` and `LEXICONS` are this stage's part of every cache key
(`generator.incremental.keys`): bump `VERSION` with any change that alters what an
article's extraction holds, and name here every word list the stage reads.
"""

VERSION = 1
LEXICONS: tuple[str, ...] = ("countries",)

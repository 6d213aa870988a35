"""The site: briefing pages, listings, slugs, Markdown escaping.

`VERSION` and `LEXICONS` are rendering's part of the cache keys
(`generator.incremental.keys`): bump `VERSION` with any change that alters a page's
bytes (here or in `generator.output.write`), and name every word list it reads.
"""

VERSION = 1
LEXICONS: tuple[str, ...] = ()

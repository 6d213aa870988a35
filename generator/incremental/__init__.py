"""The incremental engine: the cache store, keys, memos, outlines, workers."""

"""Reading sources: readers by suffix, decoding."""

"""Writing the pages, and reading back what a previous run published."""

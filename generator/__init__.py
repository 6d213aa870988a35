"""Briefings: news articles in, multi-source briefing pages out."""

__version__ = "0.1.0"

"""Per-article extraction: clean, metadata, NLP, entities, figures, quotes, summary.

`VERSION` and `LEXICONS` are this stage's part of every cache key
(`generator.incremental.keys`): bump `VERSION` with any change that alters what an
article's extraction holds, and name here every word list the stage reads.
"""

VERSION = 1
LEXICONS: tuple[str, ...] = (
    "html_entity_names",
    "abbreviations_clean",
    "name_particles",
    "share_buttons",
    "share_buttons_core",
    "speech_verbs",
    "title_small_words",
    "news_agencies",
    "place_particles",
    "abbreviations",
    "sentence_openers",
    "title_abbreviations",
    "title_words",
    "role_modifiers",
    "media_platforms",
    "geo_heads",
    "org_words",
    "place_aliases",
    "countries_regions",
    "cities",
    "nicknames",
    "common_capitalised",
    "party_members",
    "not_acronyms",
    "sport_result_verbs",
    "countries",
    "role_stop",
    "strong_titles",
    "company_plurals",
    "number_words",
    "figure_qualifiers",
    "time_units",
    "measure_units",
    "non_news_units",
    "casualty_words",
    "figure_function_words",
    "described_heads",
    "gap_blockers",
    "title_heads",
    "modified_heads",
    "not_names",
    "stop_words",
    "calendar_words",
)
"""Every list the modules here load (their own `LEXICONS`), but the topic lists
`summarise.find_tags` reads when a story is compared (`stories.COMPARISON_LEXICONS`)."""

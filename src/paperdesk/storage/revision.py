"""Names of the schema migrations, in order. Kept free of SQLAlchemy so that the fast read path
can check a database is current without importing it."""

MIGRATION_NAMES: tuple[str, ...] = (
    "0001_initial",
    "0002_keyword_index",
    "0003_paper_metadata",
    "0004_passage_pages",
    "0005_stable_keys",
    "0006_study_plans",
    "0008_reading_time",
    "0009_feed",
    "0010_annotations_links",
    "0011_reference_fields",
    "0013_lookup_indexes",
    "0014_members",
    "0015_note_annotations",
)
HEAD = MIGRATION_NAMES[-1]

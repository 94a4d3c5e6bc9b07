"""Pure domain: records and the merge rule, regions, wording, analysis, guidance.

No Qt and no files: storage and the interface build on it, never the reverse.
"""

"""Follow-up logic over plain rows: threads, timelines, flags and status summaries.

One definition each, used by the CLI, the TUI and the reports alike (design.md). Nothing here
touches a Session: `tracker.repositories.followup` loads a country's rows in a few queries and
these functions compute everything in one pass.
"""

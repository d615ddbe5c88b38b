"""rectrack's core: the store, import and export, matching, follow-up and reports.

This package never imports textual or tui; the terminal UI sits on top of it.
"""

__version__ = "0.1.0"

"""YAML in: pure functions and plain objects, no Session (seed-format.md is the contract).

`reader` turns a file's bytes into text nodes with positions (safely: no tags, anchors or
aliases); `validate` turns one file's nodes into TopicDoc / ReportDoc objects or ImportIssues
at their lines; `batch` reads files and folders into a Batch and checks it against a
StoreSnapshot; `plan` compares a Batch with the store's content: what to write, the history,
the conflicts.
"""

"""The service API: what the CLI and the TUI call. Each call owns its transaction."""

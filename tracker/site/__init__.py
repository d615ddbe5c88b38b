"""The static website: its model (pure, from the follow-up results), templates and assets."""

"""Matching restated recommendations: pure functions and dataclasses, no Session.

normalise.py (text to stems), framing.py (many framing patterns in one pass), cache.py (the
store's cached normalised form and its digest), blocking.py (who is a candidate), scoring.py
(the `Score` and the vectorised scorer), proposals.py (top k, auto-accept), engine.py (the
three together), evaluation.py (figures against a gold set), review.py (the `Decision` enum),
config.py and matching.toml (weights, thresholds, text rules).
"""

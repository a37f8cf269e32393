"""The review pack: the feedback prepared for a session, printed for supervision (never for the family)."""

"""The review pack: the feedback prepared for a session, for supervision, never the family."""

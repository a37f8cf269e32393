"""Custom browser components: the frame-accurate clip player and the still editor."""

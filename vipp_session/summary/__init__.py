"""The take-home summary for a mother: what goes in it, its tone check, and its PDF."""

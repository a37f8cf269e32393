"""vipp-session: prepare and give video feedback to parents, on the clinician's own machine."""

__version__ = "0.1.0"

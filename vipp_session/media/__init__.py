"""Everything that touches PyAV or OpenCV lives in this package, and only here."""

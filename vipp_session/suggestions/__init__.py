"""Suggested moments: `rank` ranks the likely moments a scan found, `keep` scans a clip and keeps
its suggestions."""

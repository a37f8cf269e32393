"""Encrypted, incremental backups of the data folder, their restore, and handing a family over.

crypto.py (keys and sealing), chunks.py (the content-addressed chunk store), snapshot.py (the
sealed list of what a backup holds), folder.py (a backup folder), service.py (backup, prune,
when the last one was made), restore.py (check and restore), handover.py (one family in one
sealed file, for a colleague).
"""

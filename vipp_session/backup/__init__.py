"""Encrypted, incremental backups of the data folder, their restore, and handing a family over.

crypto.py (keys and sealing), chunks.py (the content-addressed chunk store), snapshot.py (the
sealed list of what a backup holds), folder.py (a backup folder), service.py (backup, prune,
when the last one was made), restore.py (check and restore), handover.py (one family in one
sealed file, for a colleague).

What the app's pages and the command line call (all raise BadInput with a plain reason):
`service.backup_status` (when the last backup was made, whether one is due),
`folder.is_backup_folder` (a new backup asks for its passphrase twice), `service.make_backup`,
`restore.check_backup`, `restore.restore_backup`, `handover.export_family`,
`handover.import_family`. Each long one takes `progress(fraction)`, which may raise
`errors.Cancelled` to stop; a stopped one keeps nothing.
"""

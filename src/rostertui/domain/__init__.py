"""The rules about users, roles, tags, seats, invitations: each lives here once.

The CLI, the importer and the UI call these services. Nothing here imports
Textual.
"""

"""CSV in: read (encoding, delimiter), map headers, validate rows, plan against the DB, commit,
revert.

Nothing in this package imports Textual: the command line and the Import tab
both drive :mod:`rostertui.importing.engine`. See ``docs/importing.md``.
"""

from rostertui.importing.commit import CommitResult, RowsHaveErrors
from rostertui.importing.engine import ImportOptions, ImportSession, load, load_bytes
from rostertui.importing.reader import FileRefused
from rostertui.importing.revert import RevertResult, list_batches, revert_batch

__all__ = ["CommitResult", "FileRefused", "ImportOptions", "ImportSession", "RevertResult",
           "RowsHaveErrors", "list_batches", "load", "load_bytes", "revert_batch"]

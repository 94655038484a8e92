"""Failed workers reach the app's one handler.

Textual posts ``Worker.StateChanged`` to the widget that started the worker, and the message
does not bubble. A widget or screen that runs workers mixes in :class:`ReportsFailedWorkers`:
each of its workers that ends in error is handed to the app, whose single
``@on(Worker.StateChanged)`` handler (``RosterApp._worker_failed``) shows it.
"""

from __future__ import annotations

from textual.worker import Worker, WorkerState


class ReportsFailedWorkers:
    """Mix into a Widget or Screen (before it in the bases) that starts workers."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.worker_failed(event.worker)
            app = event.worker.node.app
            if event.worker.node is not app:
                app.post_message(Worker.StateChanged(event.worker, event.state))

    def worker_failed(self, worker: Worker) -> None:
        """A worker of this node failed (the app shows it); e.g. a form is usable again."""

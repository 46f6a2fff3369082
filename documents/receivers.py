"""The documents' receivers of core.signals (connected in documents/apps.py): the paper each
move issues, inside the move's transaction (documents/observers.py)."""

from documents import observers


def trip_moved(sender, *, obj, row, **kwargs):
    observers.on_trip_moved(obj, row)


def report_moved(sender, *, obj, row, **kwargs):
    observers.on_report_moved(obj, row)


def custody_moved(sender, *, obj, row, **kwargs):
    observers.on_custody_moved(obj, row)


def loss_recorded(sender, *, loss, actor, **kwargs):
    observers.on_loss_recorded(loss, actor)

"""What apps above passports do when a loss is recorded, without passports importing them.

The documents app issues the numbered notice to the Foreign Ministry's consular department
and the immigration department (Law 49/2019 Art. 28.1); it registers its handler when it
loads (documents/apps.py), and `passport_record_loss` calls `loss_recorded` inside its own
transaction, so a notice that cannot be issued leaves no half-recorded loss.
"""

_on_loss_recorded = []


def on_loss_recorded(handler):
    """Register `handler(loss, actor)`."""
    if handler not in _on_loss_recorded:
        _on_loss_recorded.append(handler)
    return handler


def loss_recorded(loss, actor) -> None:
    for handler in _on_loss_recorded:
        handler(loss, actor)

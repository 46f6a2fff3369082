"""The one extension mechanism: Django signals, declared here, sent by the app that knows,
received by the apps above it (connected in their `ready()`). Every one is sent inside the
sender's transaction with `send()`, not `send_robust()`: a receiver's error undoes the move.
"""

from django.dispatch import Signal

# A workflow object moved (core.workflow.transition) or was created (record_created).
# sender: its model; obj, row: the object and its history row.
moved = Signal()

# A trip became completed: back home (trips.services.trip_complete, the daily sweep) or
# recorded as past and completed (trip_record_past). Reports open the report it owes.
# sender: TripRequest; trip, actor.
trip_completed = Signal()

# The rules ask the apps above trips for the facts they read (trips/policy/providers.py):
# sender is the app's name ("passports", "reports"); its receiver returns its provider,
# every other receiver None.
facts_wanted = Signal()

# A passport's loss was recorded (passports.lifecycle.passport_record_loss): the numbered
# notice is issued. sender: PassportLoss; loss, actor.
loss_recorded = Signal()

# An official left the service (agencies.services.official_leave): trips flag the open
# requests that include them, passports mark their passports to invalidate.
# sender: Official; official, actor.
official_left = Signal()

# A request's members were replaced in bulk (trips.services.common._save_members: a bulk
# insert sends no post_save): the statistics' summary counts them again.
# sender: TripRequest; trip.
members_replaced = Signal()

# An official moved to another agency (agencies.services.official_transfer): trips flag the
# open requests of the old agency that include them, passports hand their custody over.
# sender: Official; transfer (agencies.Transfer), actor.
official_transferred = Signal()

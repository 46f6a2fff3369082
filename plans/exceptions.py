"""What the plan services refuse."""

from django.utils.translation import gettext as _

from core import errors


class PlanError(errors.ServiceError):
    """The base of what the plan services refuse."""


class ReasonRequired(PlanError, errors.ReasonRequired):
    pass


class PlanTransitionNotAllowed(PlanError, errors.TransitionNotAllowed):
    def __init__(self, plan, target):
        errors.TransitionNotAllowed.__init__(
            self,
            plan,
            target,
            _("Không thể chuyển kế hoạch từ “%(from)s” sang “%(to)s”.")
            % {"from": plan.get_status_display(), "to": errors.status_label(plan, target)},
        )

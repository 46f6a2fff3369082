"""What the trip services refuse, each with a message for the person who asked."""

from django.utils.translation import gettext as _

from core import errors


class TripError(errors.ServiceError):
    """The base of what the trip services refuse."""


class TransitionNotAllowed(TripError, errors.TransitionNotAllowed):
    def __init__(self, trip, target):
        errors.TransitionNotAllowed.__init__(
            self,
            trip,
            target,
            _("Không thể chuyển hồ sơ từ trạng thái “%(from)s” sang “%(to)s”.")
            % {"from": trip.get_status_display(), "to": errors.status_label(trip, target)},
        )


class PolicyBlocked(TripError):
    """A `block` finding: nobody can submit or approve past it."""

    def __init__(self, findings):
        self.findings = findings
        super().__init__(
            _("Hồ sơ vi phạm quy định, không thể tiếp tục: %(messages)s")
            % {"messages": " ".join(f.message for f in findings if f.is_block)}
        )


class JustificationMissing(TripError):
    """A `warn` finding without the submitter's justification."""

    def __init__(self, findings, missing_codes):
        self.findings = findings
        self.missing_codes = missing_codes
        self.messages = {
            f.code: _("Cần giải trình cho cảnh báo: %(message)s") % {"message": f.message}
            for f in findings
            if f.code in missing_codes
        }
        super().__init__(" ".join(self.messages.values()))


class ReasonRequired(TripError, errors.ReasonRequired):
    pass


class DeparturePassed(TransitionNotAllowed):
    """A decision after the departure date: the trip can only be recorded after the fact
    (POLICY.md, Timing). A conflict with the request's status, like a wrong transition."""

    def __init__(self, trip, message=None):
        self.status = trip.status
        TripError.__init__(
            self,
            message
            or _(
                "Đã qua ngày xuất cảnh (%(date)s): không thể phê duyệt hồ sơ này nữa. Chuyến đi "
                "đã quyết định ngoài hệ thống do quản trị hệ thống ghi nhận."
            )
            % {"date": trip.departure_date.strftime("%d/%m/%Y")},
        )


class JustificationNotApplicable(TripError):
    """A justification for a code that is not a warning of the request (POLICY.md: they are
    kept only for the warnings it actually has). `codes` names the refused keys."""

    def __init__(self, codes):
        self.codes = sorted(codes)
        self.messages = {
            code: _(
                "“%(code)s” không phải là cảnh báo của hồ sơ này: không nhận giải trình cho mã đó."
            )
            % {"code": code}
            for code in self.codes
        }
        super().__init__(" ".join(self.messages.values()))


class TripDatesInvalid(TripError):
    """Dates that cannot be a trip on a request saved before the limit existed: it is
    corrected as a draft before anything else happens to it."""

    def __init__(self, invalid):
        super().__init__(" ".join(invalid.messages))


class IncompleteRequest(TripError):
    """A request that cannot go to the reviewers as it stands: a member who has left the
    service or another agency's, or a business trip without a purpose or a cost. The form
    says so before; the service holds for every path (the API, the detail page's button)."""

    def __init__(self, field, message):
        self.field = field
        super().__init__(message)

from rest_framework.permissions import SAFE_METHODS, BasePermission


class AdministratorWrites(BasePermission):
    """Everyone signed in may read (within their scope); administrators write."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and (
            request.method in SAFE_METHODS or request.user.is_administrator
        )


class Administrator(BasePermission):
    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.is_administrator


class HasRole(BasePermission):
    """Any of the four roles; a login without a role reads nothing."""

    def has_permission(self, request, view):
        user = request.user
        # Anonymous: False here, and DRF answers 401 (not signed in) rather than 403.
        return user.is_authenticated and (
            user.is_agency_staff
            or user.is_agency_head
            or user.is_reviewer
            or user.is_decider
            or user.is_custodian
            or user.is_administrator
        )


class CustodianWrites(BasePermission):
    """The passport register: read within one's scope; custodians and administrators act
    (checked before the body, so that a caller who may not act learns nothing from it)."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and (
            request.method in SAFE_METHODS
            or request.user.is_custodian
            or request.user.is_administrator
        )

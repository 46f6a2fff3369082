"""View decorators for roles: a wrong role gets 403 (objects outside scope get 404 elsewhere)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(*predicates):
    """Allow the view to users for whom any of the predicates (user → bool) holds."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not any(predicate(request.user) for predicate in predicates):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def is_staff(user):
    return user.is_agency_staff


def is_reviewer(user):
    return user.is_reviewer


def is_administrator(user):
    return user.is_administrator


def is_custodian(user):
    return user.is_custodian


def any_role(user):
    return (
        user.is_agency_staff
        or user.is_agency_head
        or user.is_reviewer
        or user.is_decider
        or user.is_custodian
        or user.is_administrator
    )

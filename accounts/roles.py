"""The roles of travelmgmt, as Django groups (created by a data migration).

The group names are stable codes that the code looks up; the labels are what people read.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENCY_STAFF = "agency_staff", _("Cán bộ cơ quan, đơn vị")
    REVIEWER = "reviewer", _("Chuyên viên thẩm định Sở Nội vụ")
    CUSTODIAN = "custodian", _("Cán bộ quản lý hộ chiếu")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")
    # Chủ tịch / Phó Chủ tịch UBND tỉnh: decides where the approval chain says so.
    DECIDER = "decider", _("Lãnh đạo UBND tỉnh (người quyết định)")
    # Thủ trưởng cơ quan: signs the agency's proposal, decides where the authority names the
    # agency's head (officials managed by the agency; authority.models.Authority).
    AGENCY_HEAD = "agency_head", _("Thủ trưởng cơ quan, đơn vị")


# The roles whose holders take a step of the approval chain, and so may name a substitute.
CHAIN_ROLES = (Role.REVIEWER, Role.DECIDER, Role.AGENCY_HEAD)


# The agency head reads what the agency's staff read, and decides through the chain.
AGENCY_HEAD_GRANTS = [
    ("trips", "triprequest", ["view"]),
    ("trips", "tripmember", ["view"]),
    ("trips", "tripdocument", ["view"]),
    ("trips", "triptransition", ["view"]),
    ("plans", "annualplan", ["view"]),
    ("plans", "planline", ["view"]),
    ("reports", "posttripreport", ["view"]),
    ("passports", "passport", ["view"]),
    ("agencies", "official", ["view"]),
    ("agencies", "agency", ["view"]),
]

# Model permissions of each role: (app_label, model, actions).
ROLE_PERMISSIONS = {
    Role.AGENCY_STAFF: [
        ("trips", "triprequest", ["view", "add", "change"]),
        ("trips", "tripmember", ["view", "add", "change", "delete"]),
        ("trips", "tripdocument", ["view", "add"]),
        ("trips", "triptransition", ["view"]),
        ("plans", "annualplan", ["view", "add", "change"]),
        ("plans", "planline", ["view", "add", "change", "delete"]),
        ("reports", "posttripreport", ["view", "add", "change"]),
        ("passports", "passport", ["view"]),
        ("agencies", "official", ["view"]),
        ("agencies", "agency", ["view"]),
    ],
    Role.REVIEWER: [
        ("trips", "triprequest", ["view"]),
        ("trips", "tripmember", ["view"]),
        ("trips", "tripdocument", ["view"]),
        ("trips", "triptransition", ["view"]),
        ("plans", "annualplan", ["view"]),
        ("plans", "planline", ["view"]),
        ("plans", "plantransition", ["view"]),
        ("reports", "posttripreport", ["view"]),
        ("agencies", "official", ["view"]),
        ("agencies", "agency", ["view"]),
        ("agencies", "disciplinaryreview", ["view"]),
        ("core", "calendaroverride", ["view"]),
    ],
    Role.CUSTODIAN: [
        ("passports", "passport", ["view", "add", "change"]),
        ("passports", "custodyevent", ["view"]),
        ("trips", "triprequest", ["view"]),
        ("agencies", "official", ["view"]),
        ("agencies", "agency", ["view"]),
    ],
    Role.ADMINISTRATOR: [
        ("agencies", "agency", ["view", "add", "change"]),
        ("agencies", "official", ["view", "add", "change"]),
        ("agencies", "disciplinaryreview", ["view", "add", "change"]),
        ("accounts", "user", ["view", "add", "change"]),
        ("core", "calendaroverride", ["view", "add", "change", "delete"]),
        ("passports", "passport", ["view", "add", "change"]),
        ("passports", "custodyevent", ["view"]),
        ("trips", "triprequest", ["view"]),
        ("trips", "triptransition", ["view"]),
        ("plans", "annualplan", ["view"]),
        ("plans", "plantransition", ["view"]),
        ("reports", "posttripreport", ["view"]),
    ],
    Role.AGENCY_HEAD: AGENCY_HEAD_GRANTS,
    Role.DECIDER: [
        ("trips", "triprequest", ["view"]),
        ("trips", "tripmember", ["view"]),
        ("trips", "tripdocument", ["view"]),
        ("trips", "triptransition", ["view"]),
        ("agencies", "official", ["view"]),
        ("agencies", "agency", ["view"]),
    ],
}


def grant_role_permissions(Group, Permission):
    """Create the role groups and give each its permissions (idempotent).

    Takes the model classes so that the data migration can pass its historical models.
    """
    for role, grants in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
            for app_label, model, actions in grants
            for action in actions
        )

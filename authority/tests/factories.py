"""Bodies and positions for tests (issue 23): positions, not roles, take the chain's steps."""

import datetime as dt

from authority.models import Authority, Body, Position

K = Position.Kind
SINCE = dt.date(2020, 1, 1)
PROVINCE_TITLES = {
    K.HEAD: "CHỦ TỊCH",
    K.DEPUTY: "PHÓ CHỦ TỊCH",
    K.ACTING_HEAD: "PHÓ CHỦ TỊCH",
    K.OFFICE_CHIEF: "CHÁNH VĂN PHÒNG",
    K.APPRAISER: "CHUYÊN VIÊN",
}
AGENCY_TITLES = {
    K.HEAD: "GIÁM ĐỐC",
    K.DEPUTY: "PHÓ GIÁM ĐỐC",
    K.ACTING_HEAD: "PHÓ GIÁM ĐỐC",
    K.OFFICE_CHIEF: "CHÁNH VĂN PHÒNG",
    K.APPRAISER: "CHUYÊN VIÊN",
}


def restore_authority():
    """What the data migration seeds, after a transactional test's flush."""
    from agencies.models import Agency
    from authority.defaults import seed

    seed(Body, Authority, Agency, Position)


def province():
    return Body.objects.province()


def department():
    return Body.objects.department()


def body_of(agency):
    """Read afresh: a test changes symbols the agency object would otherwise remember."""
    from authority.selectors import agency_body

    return agency_body(agency)


def hold(user, body, kind, title=None, since=SINCE, until=None):
    """`user` holds a position of `kind` in `body` (the usual title unless given)."""
    titles = PROVINCE_TITLES if body.agency_id is None else AGENCY_TITLES
    if body.code == Body.DEPARTMENT:
        titles = AGENCY_TITLES
    Position.objects.create(
        body=body,
        kind=kind,
        title=title or titles[kind],
        holder=user,
        starts_on=since,
        ends_on=until,
    )
    return user


def appraiser(user):
    return hold(user, department(), K.APPRAISER)


def chairman(user):
    return hold(user, province(), K.HEAD)


def vice_chairman(user):
    return hold(user, province(), K.DEPUTY)


def agency_head(user, agency):
    return hold(user, body_of(agency), K.HEAD)


def entitle(user, step):
    """Give `user` the first position the chain's `step` names, unless they hold one."""
    held = Position.objects.held_on(dt.date.today()).filter(
        holder=user, body_id=step.body_id, kind__in=step.kind_list
    )
    if not held.exists():
        hold(user, step.body, step.kind_list[0])
    return user

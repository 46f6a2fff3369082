"""Issuing the documents: each kind built from its trip, report, hand-over or loss (its
heading, bases, parties and signature), then issued through the register (documents/issuing.py):
numbered with its content frozen inside the caller's transaction; rendered, signed (every kind
by the issuing body, decisions first by their signer), stored and hashed just after its commit.
`today` is documents.issuing.today (tests set the calendar there)."""

import functools

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.rawsql import fetch
from documents import contexts as c
from documents.exceptions import DocumentError
from documents.issuing import SEAL, issue, latest, name_of, new_document
from documents.models import IssuedDocument
from documents.rendering import vietnamese_date

Kind = IssuedDocument.Kind
# Decree 30, Art. 13: in own name, KT., Q., TUQ., TL.; a collective's (TM.) by its leaders.
SIGNED_AS = {"", "KT.", "Q.", "TUQ.", "TL.", "TM.", "TM. KT.", "TM. Q."}


def _decision_bases(trip, basis, *, own_agency: bool) -> list[str]:
    bases = c.legal_bases()
    bases += [line.strip() for line in (basis or []) if line and line.strip()]
    proposal = latest(trip, Kind.PROPOSAL)
    if own_agency:  # the agency decides for its own staff: no Department in between
        bases.append(
            f"Xét đề nghị tại Tờ trình số {proposal.symbol} {vietnamese_date(proposal.issued_on)}."
            if proposal
            else f"Xét nhu cầu công tác của {trip.agency.name}."
        )
        return bases
    if proposal:
        bases.append(
            f"Xét đề nghị của {trip.agency.name} tại Tờ trình số {proposal.symbol} "
            f"{vietnamese_date(proposal.issued_on)} và của Giám đốc Sở Nội vụ."
        )
    else:
        bases.append(f"Xét đề nghị của {trip.agency.name} và của Giám đốc Sở Nội vụ.")
    return bases


def _signature(actor, capacity, *, signed_as, signer_title, acting_for_title):
    """The block from the signer's capacity (authority.signing_capacity); a caller may still
    name the capacity and titles (a decision recorded by hand)."""
    signed_as = capacity.signed_as if signed_as is None else signed_as
    if signed_as not in SIGNED_AS:
        raise DocumentError(
            _(
                "Thẩm quyền ký “%(value)s” không hợp lệ: chỉ nhận KT., Q., TUQ., TL., TM., "
                "TM. KT., TM. Q. hoặc để trống."
            )
            % {"value": signed_as}
        )
    in_own_name = signed_as in ("", "TM.")  # the head: their title, for no one else
    title = signer_title or (capacity.head_title if in_own_name else capacity.title)
    return c.Signature(
        name=name_of(actor),
        title=title.upper(),
        signed_as=signed_as,
        acting_for_title="" if in_own_name else (acting_for_title or capacity.head_title).upper(),
        collective=capacity.collective if signed_as.startswith("TM.") else "",
    )


def _decide_step(trip):
    """The decision's step of the request's chain (the one the move kept: no read), if any."""
    from approvals.chain import chain_of

    return next((s for s in reversed(chain_of(trip)) if s.action == "decide"), None)


def is_collective(trip) -> bool:
    """Whether the trip's decision is its authority's collective one (authority.Authority
    .collective), fixed with its chain at submission; for a chain stored before that, the
    authority's for the members' highest level and the trip's kind, read when it is decided."""
    from approvals.chain import NoAuthority, authority_of

    step = _decide_step(trip)
    if step is not None and step.collective is not None:
        return step.collective
    levels = trip.members.values_list("official__management_level", flat=True)
    try:
        return authority_of(trip, levels).collective
    except NoAuthority:
        return False


def decision_body(trip):
    """The body that issues the trip's decision: the one its chain fixed at submission; the
    People's Committee for a request decided before chains were stored (as it was then)."""
    from authority.models import Body

    step = _decide_step(trip)
    if step is not None and step.issuing_body_id is not None:
        if step.issuing_body_id == step.body_id:  # as a rule: read with the chain
            return step.body
        return Body.objects.select_related("parent").get(pk=step.issuing_body_id)
    return Body.objects.select_related("parent").get(code=Body.PROVINCE)


def issue_decision(
    trip,
    actor,
    *,
    acting_for=None,
    signed_as=None,
    basis=None,
    signer_title=None,
    acting_for_title=None,
    substitution=None,
) -> IssuedDocument:
    """The sending decision (business) or the permission (private) at approval, issued by the
    competent body (the People's Committee, or the requesting agency for the officials it
    manages: …/QĐ-<its symbol>) and signed in the signer's capacity. `acting_for` is the
    principal (a user or a username) the signer signs for; `basis` adds legal bases (the
    appraisal, the Party committee's opinion)."""
    from authority.signing_capacity import capacity_of

    body = decision_body(trip)
    capacity = capacity_of(
        actor=actor, body=body, substitution=substitution, collective=is_collective(trip)
    )
    signature = _signature(
        actor,
        capacity,
        signed_as=signed_as,
        signer_title=signer_title,
        acting_for_title=acting_for_title,
    )
    own_agency = body.agency_id is not None and body.agency_id == trip.agency_id
    business = trip.is_business
    kind = Kind.DECISION if business else Kind.PERMISSION
    facts = c.trip_facts(trip)
    head = "các ông (bà)" if len(facts["members"]) > 1 else "ông (bà)"
    document = new_document(
        kind,
        c.body_issuer(body),
        heading="QUYẾT ĐỊNH",
        subject=(
            "Về việc cử cán bộ, công chức đi công tác nước ngoài"
            if business
            else "Về việc cho phép cán bộ, công chức đi nước ngoài về việc riêng"
        ),
        signature=signature,
        recipients=[
            "Như Điều 4",
            "Sở Nội vụ" + (" (để báo cáo)" if own_agency else ""),
            f"Công an {settings.PROVINCE_NAME} (Phòng Quản lý xuất nhập cảnh)",
        ],
        authority=f"{capacity.head_title} {' '.join(body.header_lines)}",
        bases=_decision_bases(trip, basis, own_agency=own_agency),
        article1_lead=(
            f"Cử {head} có tên sau đây đi công tác nước ngoài:"
            if business
            else f"Cho phép {head} có tên sau đây đi nước ngoài về việc riêng:"
        ),
        report_due=c.short(trip.report_due_on),
        passport_due=c.short(_passport_due(trip)),
        reporter="trưởng đoàn" if business else "người được cho phép đi nước ngoài",
        executors=_executors(trip, head, own_agency=own_agency),
        **facts,
    )
    username = getattr(acting_for, "username", acting_for) or capacity.acting_for
    return issue(
        document,
        template="documents/pdf/decision.html",
        actor=actor,
        sign=True,
        links={"trip": trip},
        acting_for=username,
        body=body,
    )


def _executors(trip, head, *, own_agency: bool) -> str:
    if own_agency:
        return (
            f"Chánh Văn phòng, Thủ trưởng các phòng, đơn vị có liên quan thuộc {trip.agency.name}"
            f" và {head} có tên tại Điều 1"
        )
    return (
        f"Chánh Văn phòng {settings.DOCUMENT_PROVINCE_BODY.capitalize()} "
        f"{settings.PROVINCE_NAME}, "
        "Giám đốc Sở Nội vụ, "
        f"Thủ trưởng {trip.agency.name} và {head} có tên tại Điều 1"
    )


def _passport_due(trip):
    from passports.services import hand_back_deadline  # beside documents, imported when used

    return hand_back_deadline(trip)


def issue_proposal(trip, actor, *, signed=False, substitution=None, body=None) -> IssuedDocument:
    """The agency's proposal (Tờ trình). `signed`: by the agency's head or a deputy at the
    chain's "propose" step (issue 23): their own signature, in the capacity their position in
    the agency's body gives (KT. for a deputy), then the body's seal. Otherwise, at submission
    where the chain has no such step: the body's seal alone, the submitter's name printed."""
    from authority.selectors import body_for_agency
    from authority.signing_capacity import capacity_of

    business = trip.is_business
    addressee = f"{settings.DOCUMENT_PROVINCE_BODY.capitalize()} {settings.DOCUMENT_PLACE}"
    body = body or body_for_agency(trip.agency)  # `body`: the propose step's, the agency's
    if signed:
        capacity = capacity_of(actor=actor, body=body, substitution=substitution)
        signature = _signature(
            actor, capacity, signed_as=None, signer_title=None, acting_for_title=None
        )
    else:
        signature = c.Signature(name=name_of(actor), title=_proposer_title(trip, actor))
    document = new_document(
        Kind.PROPOSAL,
        c.body_issuer(body),
        heading="TỜ TRÌNH",
        subject=(
            "Về việc đề nghị cử cán bộ, công chức đi công tác nước ngoài"
            if business
            else "Về việc đề nghị cho phép cán bộ, công chức đi nước ngoài về việc riêng"
        ),
        signature=signature,
        recipients=["Như trên", "Sở Nội vụ"],
        addressee=addressee,
        asks=(
            "cử cán bộ, công chức đi công tác nước ngoài"
            if business
            else "cho phép cán bộ, công chức đi nước ngoài về việc riêng"
        ),
        bases=c.legal_bases(),
        justifications=_justifications(trip),
        **c.trip_facts(trip),
    )
    return issue(
        document,
        template="documents/pdf/proposal.html",
        actor=actor,
        sign=True if signed else SEAL,
        links={"trip": trip},
        acting_for=substitution.principal.username if substitution is not None else "",
        body=body,
    )


def _proposer_title(trip, actor) -> str:
    """The submitter's own title where they hold a position of the agency's body (its head:
    "GIÁM ĐỐC"); the agency's name otherwise, as before issue 23 (a chain without the head's
    "propose" step)."""
    title = title_held_in_agency(actor, trip.agency_id, timezone.localdate())
    return (title or trip.agency.name).upper()


def titles_held_in_agency(actor, agency_id, day):
    """The ORM's definition of `title_held_in_agency`: the titles of the positions `actor`
    holds on `day` in the body of agency `agency_id`, in Position's order."""
    from authority.selectors import positions_held

    held = positions_held(actor, day).filter(body__agency_id=agency_id)
    return held.values_list("title", flat=True)


def title_held_in_agency(actor, agency_id, day) -> str | None:
    """`titles_held_in_agency(...).first()`, hand-written: each submission asks it, and the ORM
    spent longer compiling its two joins than the database running them (held equal in
    documents/tests/test_proposer_title.py). `actor` is this request's, active or not."""
    if actor is None or actor.pk is None or not actor.is_active:
        return None
    rows = fetch(_title_held_sql(), [actor.pk, agency_id, day, day])
    return rows[0][0] if rows else None


@functools.cache
def _title_held_sql() -> str:
    from authority.models import Body, Position

    return (
        f"SELECT p.title FROM {Position._meta.db_table} p "
        f"JOIN {Body._meta.db_table} b ON b.id = p.body_id "
        "WHERE p.holder_id = %s AND b.agency_id = %s AND p.starts_on <= %s "
        "AND (p.ends_on IS NULL OR p.ends_on >= %s) "
        "ORDER BY p.body_id, p.kind, p.id LIMIT 1"  # Position.Meta.ordering
    )


def _justifications(trip) -> list[tuple[str, str]]:
    """(Vietnamese label, text) of each warning justified: a legal text never shows an
    internal code such as NOT_IN_ANNUAL_PLAN."""
    from trips.policy.labels import short_label

    with translation.override("vi"):
        return [
            (short_label(code), text) for code, text in sorted((trip.justifications or {}).items())
        ]


def _report_sections(report) -> list[tuple[str, list[str]]]:
    """The report's parts that were filled in, in order (numbered by the template)."""
    cost = report.actual_cost_vnd
    sections = [
        ("Tóm tắt kết quả", c.lines(report.summary)),
        ("Kết quả so với mục đích", c.lines(report.outcomes)),
        ("Thỏa thuận, cam kết", c.lines(getattr(report, "agreements", ""))),
        ("Đề xuất, kiến nghị", c.lines(report.follow_up)),
        ("Kinh phí thực chi", [f"{c.money(cost)} đồng."] if cost else []),
    ]
    return [(title, body) for title, body in sections if body]


def issue_report(report, actor) -> IssuedDocument:
    """The post-trip report (Báo cáo kết quả chuyến công tác) at its submission."""
    trip = report.trip
    decision = latest(trip, Kind.DECISION) or latest(trip, Kind.PERMISSION)
    decision_ref = (
        f"Quyết định số {decision.symbol} {vietnamese_date(decision.issued_on)}"
        if decision
        else "quyết định của cấp có thẩm quyền"
    )
    if report.working_days_late:
        timeliness = (
            f"Báo cáo nộp chậm {report.working_days_late} ngày làm việc so với hạn "
            f"{c.short(report.due_on)}."
        )
    else:
        timeliness = f"Báo cáo nộp trong hạn (hạn nộp {c.short(report.due_on)})."
    facts = c.trip_facts(trip)
    document = new_document(
        Kind.REPORT,
        c.agency_issuer(trip.agency),
        heading="BÁO CÁO",
        subject=f"Kết quả chuyến công tác nước ngoài: {trip.title}",
        signature=c.Signature(name=name_of(actor), title=trip.agency.name.upper()),
        recipients=[
            settings.DOCUMENT_DEPARTMENT_NAME,
            f"{settings.DOCUMENT_PROVINCE_BODY.capitalize()} {settings.PROVINCE_NAME} (để báo cáo)",
        ],
        decision_ref=decision_ref,
        member_names=", ".join(m["name"] for m in facts["members"]),
        sections=_report_sections(report),
        timeliness=timeliness,
        **facts,
    )
    return issue(
        document,
        template="documents/pdf/report.html",
        actor=actor,
        sign=SEAL,
        links={"trip": trip, "report": report},
    )


def _handout_of(event_or_handout):
    """A Handout, or the Handout a custody event (hand-out or hand-back) belongs to."""
    if hasattr(event_or_handout, "handed_out_on"):
        return event_or_handout, None
    event = event_or_handout
    handout = (
        event.passport.handouts.filter(trip_id=event.trip_id).order_by("-handed_out_on", "-id")
    ).first()
    if handout is None:
        raise DocumentError(_("Không tìm thấy lượt giao hộ chiếu của nghiệp vụ này."))
    return handout, event


def issue_handover(event_or_handout, actor, *, note="", counterpart="") -> IssuedDocument:
    """The passport hand-over record (Biên bản giao nhận hộ chiếu): at a hand-out, and at the
    hand-back once the handout is closed (returned_on set)."""
    handout, event = _handout_of(event_or_handout)
    passport, trip = handout.passport, handout.trip
    returning = handout.returned_on is not None
    if event is not None:
        returning = event.action == "returned"
        note = note or event.note
    custodian = f"{name_of(actor)}, cán bộ quản lý hộ chiếu, {settings.DOCUMENT_DEPARTMENT_NAME}"
    holder_side = (counterpart or getattr(event, "counterpart", "") or handout.received_by).strip()
    if returning:
        day, action = handout.returned_on, "nhận lại"
        deadline = f"Hạn nộp lại: {c.short(handout.due_back_on)}; " + (
            "nộp lại trễ hạn." if handout.returned_late else "nộp lại đúng hạn."
        )
    else:
        day, action = handout.handed_out_on, "giao"
        deadline = (
            f"Người nhận có trách nhiệm nộp lại hộ chiếu chậm nhất ngày "
            f"{c.short(handout.due_back_on)} (05 ngày làm việc kể từ ngày về nước)."
        )
    document = new_document(
        Kind.HANDOVER,
        c.department_issuer(),
        heading="BIÊN BẢN",
        subject="Giao nhận hộ chiếu" + (" (nộp lại)" if returning else " (giao để đi nước ngoài)"),
        signature=c.Signature(name=name_of(actor), title="CÁN BỘ QUẢN LÝ HỘ CHIẾU"),
        recipients=["Người mang hộ chiếu", trip.agency.name],
        event_date=vietnamese_date(day),
        giver=holder_side if returning else custodian,
        receiver=custodian if returning else holder_side,
        giver_name=holder_side if returning else name_of(actor),
        receiver_name=name_of(actor) if returning else holder_side,
        action=action,
        holder=passport.official.full_name,
        passport_kind=c.PASSPORT_KINDS.get(passport.kind, passport.kind),
        passport_number=passport.number,
        expires_on=c.short(passport.expires_on),
        trip_title=trip.title,
        destination=c.destination_of(trip),
        departure=c.short(trip.departure_date),
        **{"return": c.short(trip.return_date)},
        deadline_line=deadline,
        note=(note or "").strip(),
    )
    return issue(
        document,
        template="documents/pdf/handover.html",
        actor=actor,
        sign=SEAL,
        links={"trip": trip, "handout": handout},
    )


def _field(loss, name, default=""):
    value = loss.get(name, default) if isinstance(loss, dict) else getattr(loss, name, default)
    return default if value is None else value


def issue_loss_notice(loss, actor, *, trip=None) -> IssuedDocument:
    """The notice that a passport was lost (Thông báo mất hộ chiếu), from a loss record or a
    dict with `holder`, `passport_number`, `passport_kind`, `lost_on`, `where` and
    `how_reported` (a passport object may stand for the number and kind)."""
    passport = _field(loss, "passport", None)
    holder = _field(loss, "holder") or (passport.official.full_name if passport else "")
    number = _field(loss, "passport_number") or (passport.number if passport else "")
    kind = _field(loss, "passport_kind") or (passport.kind if passport else "")
    lost_on = _field(loss, "lost_on", None)
    if not (holder and number and lost_on):
        raise DocumentError(
            _("Thiếu thông tin để lập thông báo mất hộ chiếu (người mang, số hộ chiếu, ngày mất).")
        )
    trip = trip or _field(loss, "trip", None)
    document = new_document(
        Kind.LOSS_NOTICE,
        c.department_issuer(),
        heading="THÔNG BÁO",
        subject="Về việc mất hộ chiếu",
        signature=c.Signature(name=name_of(actor), title="CÁN BỘ QUẢN LÝ HỘ CHIẾU"),
        # Law 49/2019 Art. 28.1: the issuing office of diplomatic and official passports (the
        # Foreign Ministry's consular department) and the immigration department.
        recipients=[
            "Cục Lãnh sự, Bộ Ngoại giao",
            "Cục Quản lý xuất nhập cảnh, Bộ Công an",
            "Sở Ngoại vụ",
        ],
        addressee="Cục Lãnh sự, Bộ Ngoại giao; Cục Quản lý xuất nhập cảnh, Bộ Công an",
        holder=str(holder),
        passport_number=str(number),
        passport_kind=c.PASSPORT_KINDS.get(str(kind), str(kind)),
        lost_on=c.short(lost_on),
        where=str(_field(loss, "where") or _field(loss, "place")) or "không xác định",
        how_reported=_how_reported(loss) or "chưa ghi nhận",
    )
    links = {"trip": trip} if trip else {}
    if not isinstance(loss, dict) and getattr(loss, "_meta", None) is not None:
        links["loss"] = loss  # a PassportLoss record: its notice is found from it
    return issue(
        document,
        template="documents/pdf/loss_notice.html",
        actor=actor,
        sign=SEAL,
        links=links or None,
    )


def _how_reported(loss) -> str:
    """What the holder said and how they reported it (a loss record's own fields)."""
    given = str(_field(loss, "how_reported"))
    if given:
        return given
    parts = [str(_field(loss, "circumstances"))]
    display = getattr(loss, "get_reported_by_display", None)
    if display is not None:
        with translation.override("vi"):  # a legal text, whatever the interface language
            parts.append(f"(báo {display().lower()})")
    return " ".join(p for p in parts if p)

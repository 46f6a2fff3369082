"""The pages of bodies, positions and authorities (issue 23): the administrator changes them
with a reason (one audit row each, through authority.services); anyone signed in reads them,
as the API allows; bad input is a Vietnamese message and nothing changes."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agencies.tests.factories import AgencyFactory
from authority.models import Authority, AuthorityChange, Body, Position
from authority.tests.factories import K, hold, province

pytestmark = pytest.mark.django_db

LISTS = ["authority:authorities", "authority:bodies", "authority:positions"]


@pytest.mark.parametrize("name", LISTS)
def test_anyone_signed_in_reads_the_lists_and_only_the_administrator_sees_the_buttons(
    client, staff_a, administrator, name
):
    client.force_login(staff_a)
    page = client.get(reverse(name))
    assert page.status_code == 200
    assert "btn btn-danger" not in page.content.decode()  # no "Thêm …" for staff
    client.force_login(administrator)
    assert "btn btn-danger" in client.get(reverse(name)).content.decode()


def test_signed_out_is_sent_to_sign_in_and_a_wrong_method_is_405(client, administrator):
    assert client.get(reverse("authority:bodies")).status_code == 302
    client.force_login(administrator)
    assert client.post(reverse("authority:bodies")).status_code == 405
    assert client.get(reverse("authority:position-delete", args=[1])).status_code == 405


@pytest.mark.parametrize(
    "name, args",
    [
        ("authority:body-create", []),
        ("authority:position-create", []),
        ("authority:authority-create", []),
    ],
)
def test_only_the_administrator_changes(client, staff_a, reviewer, name, args):
    for user in (staff_a, reviewer):
        client.force_login(user)
        assert client.get(reverse(name, args=args)).status_code == 403
        assert client.post(reverse(name, args=args), {"reason": "x"}).status_code == 403
        # The holder search tells which logins exist: the administrator's alone.
        assert client.get(reverse("authority:holders"), {"q": "a"}).status_code == 403
    assert not AuthorityChange.objects.exists()


def test_an_unknown_object_is_404(client, administrator):
    client.force_login(administrator)
    for name in ("authority:body-edit", "authority:position-edit", "authority:authority-edit"):
        assert client.get(reverse(name, args=[99999])).status_code == 404


def test_the_administrator_adds_a_body_with_a_reason(client, administrator):
    client.force_login(administrator)
    form = {"name": "Sở Khoa học và Công nghệ", "symbol": "SKHCN", "header": "",
            "parent": Body.objects.province().pk, "reason": "Thành lập theo Nghị quyết 01"}  # fmt: skip
    done = client.post(reverse("authority:body-create"), form)
    assert done.status_code == 302, done.content.decode()
    body = Body.objects.get(symbol="SKHCN")
    change = AuthorityChange.objects.get()
    assert change.target == f"body:{body.pk}" and change.actor == administrator
    assert change.note == "Thành lập theo Nghị quyết 01" and change.old_value is None


@pytest.mark.parametrize(
    "change, message",
    [
        ({"symbol": "UBND"}, "Ký hiệu này đã được cơ quan khác sử dụng."),
        ({"symbol": "s n"}, "Ký hiệu gồm 2–12 chữ cái"),
        ({"reason": ""}, "Nhập lý do thay đổi."),
        ({"name": "Hai\ndòng"}, ""),
    ],
)
def test_bad_input_on_a_body_is_a_message_and_nothing_changes(
    client, administrator, change, message
):
    client.force_login(administrator)
    department = Body.objects.department()
    form = {"name": department.name, "symbol": "SNV", "header": department.header,
            "parent": department.parent_id, "reason": "Sửa"} | change  # fmt: skip
    page = client.post(reverse("authority:body-edit", args=[department.pk]), form)
    assert page.status_code == 200
    assert "Chưa lưu được" in page.content.decode() and message in page.content.decode()
    assert Body.objects.department().symbol == "SNV"
    assert not AuthorityChange.objects.exists()


def test_an_agency_s_body_keeps_the_agency_s_name(client, administrator):
    agency = AgencyFactory(name="Sở Ngoại vụ")
    body = Body.objects.get(agency=agency)
    client.force_login(administrator)
    form = {"name": "Tên khác", "symbol": "SNgV", "header": "", "parent": body.parent_id,
            "reason": "Ký hiệu do UBND tỉnh quy định"}  # fmt: skip
    assert client.post(reverse("authority:body-edit", args=[body.pk]), form).status_code == 302
    body.refresh_from_db()
    assert (body.name, body.symbol) == ("Sở Ngoại vụ", "SNgV")


def _position_form(body, holder, **change):
    form = {"body": body.pk, "title": "PHÓ CHỦ TỊCH", "kind": "deputy",
            "holder": holder.pk if holder else "", "starts_on": "01/01/2027", "ends_on": "",
            "reason": "Quyết định phân công số 12"}  # fmt: skip
    return form | change


def test_the_administrator_names_a_holder_and_removes_the_position(client, administrator):
    vice = UserFactory(first_name="Trần Văn", last_name="Phó")
    client.force_login(administrator)
    done = client.post(reverse("authority:position-create"), _position_form(province(), vice))
    assert done.status_code == 302, done.content.decode()
    position = Position.objects.get(holder=vice)
    assert position.starts_on == dt.date(2027, 1, 1) and position.kind == K.DEPUTY
    page = client.get(reverse("authority:position-edit", args=[position.pk])).content.decode()
    assert "Trần Văn Phó" in page  # the chosen holder, rendered; the others searched for
    assert 'data-search-url="/tham-quyen/nguoi-giu-chuc-vu/"' in page
    url = reverse("authority:position-delete", args=[position.pk])
    refused = client.post(url, {"delete-reason": ""})
    assert "Nhập lý do thay đổi." in refused.content.decode()
    assert Position.objects.filter(pk=position.pk).exists()
    assert client.post(url, {"delete-reason": "Nghỉ hưu"}).status_code == 302
    assert not Position.objects.filter(pk=position.pk).exists()
    notes = list(AuthorityChange.objects.order_by("id").values_list("note", flat=True))
    assert notes == ["Quyết định phân công số 12", "Nghỉ hưu"]


def test_a_position_refuses_an_inactive_holder_and_dates_out_of_order(client, administrator):
    gone = UserFactory(is_active=False)
    client.force_login(administrator)
    url = reverse("authority:position-create")
    page = client.post(url, _position_form(province(), gone)).content.decode()
    assert "Chưa lưu được" in page
    page = client.post(url, _position_form(province(), None, ends_on="01/01/2026"))
    assert "Ngày kết thúc không được trước ngày bắt đầu." in page.content.decode()
    assert not Position.objects.filter(title="PHÓ CHỦ TỊCH").exists()
    assert not AuthorityChange.objects.exists()


def test_the_holder_search_answers_active_logins_only(client, administrator):
    UserFactory(username="nguyenvana", first_name="Nguyễn Văn", last_name="A")
    UserFactory(username="nguyenvanb", first_name="Nguyễn Văn", last_name="B", is_active=False)
    client.force_login(administrator)
    found = client.get(reverse("authority:holders"), {"q": "nguyenvan"}).json()
    assert [row["text"] for row in found] == ["Nguyễn Văn A (nguyenvana)"]


def _steps(*rows, total=None):
    data = {"steps-TOTAL_FORMS": str(total or len(rows)), "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for n, (action, body, positions) in enumerate(rows):
        data[f"steps-{n}-action"] = action
        data[f"steps-{n}-body"] = body or ""
        data[f"steps-{n}-positions"] = positions
    return data


def test_the_administrator_edits_an_authority_s_steps_in_a_form(client, administrator):
    agency_level = Authority.objects.get(level="agency", kind="")
    department, chair = Body.objects.department().pk, province().pk
    client.force_login(administrator)
    url = reverse("authority:authority-edit", args=[agency_level.pk])
    page = client.get(url).content.decode()
    assert 'name="steps-0-positions" value="head"' in page and "steps-1-action" in page
    form = {"issuing_body": "", "reason": "Quyết định phân cấp số 5"} | _steps(
        ("appraise", department, ["appraiser"]), ("decide", "", ["head", "deputy"]), ("", "", [])
    )
    assert client.post(url, form).status_code == 302
    agency_level.refresh_from_db()
    assert agency_level.steps == [
        {"action": "appraise", "body": department, "positions": ["appraiser"]},
        {"action": "decide", "body": None, "positions": ["head", "deputy"]},
    ]
    change = AuthorityChange.objects.get()
    assert change.target == "authority:agency:" and change.note == "Quyết định phân cấp số 5"
    assert chair not in {s["body"] for s in agency_level.steps}


def test_the_collective_mark_is_set_and_kept_from_the_page(client, administrator):
    # The page's PUT replaces the whole authority: an edit that does not show the mark
    # would silently drop "TM." from a collective's decisions.
    province_level = Authority.objects.get(level="province", kind="")
    rows = [(s["action"], s["body"], s["positions"]) for s in province_level.steps]
    client.force_login(administrator)
    url = reverse("authority:authority-edit", args=[province_level.pk])
    form = {"issuing_body": province_level.issuing_body_id, "reason": "Nghị quyết"}
    # As the browser posts it: the rows shown are the formset's initial forms.
    steps = _steps(*rows) | {"steps-INITIAL_FORMS": str(len(rows))}
    assert client.post(url, form | {"collective": "on"} | steps).status_code == 302
    province_level.refresh_from_db()
    assert province_level.collective
    page = client.get(url).content.decode()
    box = page.split('name="collective"')[1].split(">")[0]
    assert "checked" in box


@pytest.mark.parametrize(
    "rows, message",
    [
        ([("appraise", None, ["appraiser"])], "đúng một bước quyết định"),
        ([("decide", None, [])], "Chức vụ được xử lý bước"),
        ([], "ít nhất một bước"),
    ],
)
def test_bad_steps_are_the_rules_messages_and_nothing_changes(client, administrator, rows, message):
    agency_level = Authority.objects.get(level="agency", kind="")
    before = agency_level.steps
    client.force_login(administrator)
    url = reverse("authority:authority-edit", args=[agency_level.pk])
    page = client.post(url, {"issuing_body": "", "reason": "Sửa"} | _steps(*rows, total=1))
    assert page.status_code == 200 and message in page.content.decode()
    agency_level.refresh_from_db()
    assert agency_level.steps == before and not AuthorityChange.objects.exists()


def test_a_new_authority_for_a_kind_of_trip_and_never_a_second_for_the_same(client, administrator):
    client.force_login(administrator)
    url = reverse("authority:authority-create")
    form = {"level": "agency", "kind": "private", "issuing_body": "", "reason": "Phân cấp"}
    form |= _steps(("decide", "", ["head"]))
    assert client.post(url, form).status_code == 302
    assert Authority.objects.get(level="agency", kind="private").steps[0]["positions"] == ["head"]
    again = client.post(url, form)
    assert "đã có thẩm quyền" in again.content.decode()
    assert AuthorityChange.objects.count() == 1


def _many(n):
    for i in range(n):
        agency = AgencyFactory(name=f"Sở thứ {i}")
        hold(UserFactory(), Body.objects.get(agency=agency), K.HEAD)


@pytest.mark.parametrize("rows", [1, 8])
def test_the_lists_take_a_fixed_number_of_queries(
    client, administrator, django_assert_num_queries, rows
):
    _many(rows)
    client.force_login(administrator)
    client.get(reverse("authority:bodies"))  # the session's first read warms nothing else
    # Each page: the session, the user, the user's roles (is_administrator), the menu's
    # unread notifications; then its own.
    with django_assert_num_queries(4 + 1):  # the bodies with parents and agencies
        client.get(reverse("authority:bodies"), {"q": "so thu"})
    # The positions with bodies and holders; the bodies of the filter.
    with django_assert_num_queries(4 + 2):
        client.get(reverse("authority:positions"))
    with django_assert_num_queries(4 + 2):  # the authorities; the bodies their steps name
        client.get(reverse("authority:authorities"))


def test_the_administrator_s_menu_and_home_link_to_the_pages(client, administrator, staff_a):
    client.force_login(administrator)
    home = client.get(reverse("home")).content.decode()
    assert home.count(f'href="{reverse("authority:authorities")}"') == 2  # menu, home
    client.force_login(staff_a)
    assert reverse("authority:authorities") not in client.get(reverse("home")).content.decode()


def test_the_pages_have_no_untranslated_text(client, administrator):
    from core.tests.test_translations import DATA, texts

    authority = Authority.objects.get(level="agency", kind="")
    position = Position.objects.filter(body=province()).first()
    data = {str(administrator), "Tiếng Việt", "English", "—"}
    data |= {b.name for b in Body.objects.all()} | {b.symbol for b in Body.objects.all()}
    data |= {p.title for p in Position.objects.all()}
    pages = [reverse(name) for name in LISTS] + [
        reverse("authority:body-create"),
        reverse("authority:position-create"),
        reverse("authority:position-edit", args=[position.pk]),
        reverse("authority:authority-edit", args=[authority.pk]),
    ]
    client.force_login(administrator)
    leaks = {}
    for url in pages:
        vi = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        en = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        same = set(texts(vi)) & set(texts(en))
        found = {t for t in same if not DATA.match(t) and not any(d in t for d in data if d)}
        if found:
            leaks[url] = sorted(found)
    assert leaks == {}

"""No text reaches a user untranslated: Vietnamese first, a complete English catalogue second.

Every user-facing string is written in Vietnamese in the code and templates, through gettext,
and translated in locale/en. A text that comes out the same in both languages, and is not
data (names, titles, numbers, dates, codes), was never passed through gettext.
"""

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from trips.tests.helpers import approved_trip, draft_trip, submitted_trip

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
DATA = re.compile(
    r"^[\d\s./:,–\-—%()|×#*đ‹›]*$|^[A-Z_]{4,}$|^[A-Z]{0,2}\d{5,}$|^\w*\*{8,}$"
)  # passport numbers too; a password hash's masked summary


class TextNodes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.skip = 0
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "option", "select"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "option", "select"):
            self.skip -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.skip:
            self.texts.append(text)


def texts(html: str) -> list[str]:
    parser = TextNodes()
    parser.feed(html)
    return parser.texts


def test_the_english_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    assert [e.msgid for e in po if not e.translated()] == []
    # One translation a text: a second (git's union merge of two branches' entries can make
    # one) is refused by GNU msgfmt, and polib would silently keep whichever came last.
    keys = Counter((e.msgctxt, e.msgid) for e in po if not e.obsolete)
    assert [key for key, n in keys.items() if n > 1] == []
    compiled = {e.msgid: e.msgstr or e.msgstr_plural for e in mo}
    assert {e.msgid: e.msgstr or e.msgstr_plural for e in po if not e.obsolete} == compiled, (
        "run scripts/compile_messages.py"
    )


@pytest.mark.django_db
def test_main_pages_have_no_untranslated_text(client, staff_a, reviewer):
    draft = draft_trip(staff_a, title="Chuyến nháp")
    submitted = submitted_trip(staff_a, title="Chuyến chờ duyệt")
    approved = approved_trip(staff_a, reviewer, title="Chuyến đã duyệt")
    data = {settings.ORGANISATION_NAME, "Tiếng Việt", "English", str(staff_a), str(reviewer)}
    for trip in (draft, submitted, approved):
        data |= {trip.title, str(trip.agency), *(m.official.full_name for m in trip.members.all())}
        data |= {m.official.position for m in trip.members.all()} | {trip.purpose}
        # Stored findings are the record of the check, kept in the words it was made in.
        data |= {f["message"] for f in trip.findings} | {f["basis"] for f in trip.findings}
        data |= set(trip.justifications.values())
    pages = [
        (None, reverse("login")),
        (staff_a, reverse("home")),
        (staff_a, reverse("trips:list")),
        (staff_a, reverse("trips:create")),
        (staff_a, reverse("trips:detail", args=[draft.pk])),
        (staff_a, reverse("trips:edit", args=[draft.pk])),
        (staff_a, reverse("notifications")),
        (reviewer, reverse("trips:queue")),
        (reviewer, reverse("trips:detail", args=[submitted.pk])),
        (reviewer, reverse("trips:calendar") + "?year=2027&month=6"),
        (staff_a, reverse("reports:edit", args=[approved.pk])),
        (reviewer, reverse("reports:dashboard")),
        (staff_a, reverse("passports:list")),
        (staff_a, reverse("plans:list")),
        (reviewer, reverse("analytics:statistics") + "?year=2027"),
    ]
    untranslated = {}
    for user, url in pages:
        client.logout()
        if user:
            client.force_login(user)
        vi = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        en = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert vi.status_code == en.status_code == 200, url
        assert '<html lang="en">' in en.content.decode()
        same = set(texts(vi.content.decode())) & set(texts(en.content.decode()))
        leaks = {t for t in same if not DATA.match(t) and not any(d in t for d in data if d)}
        if leaks:
            untranslated[url] = sorted(leaks)
    assert untranslated == {}


def _leaks(client, pages, data) -> dict:
    untranslated = {}
    for user, url, status in pages:
        client.logout()
        if user:
            client.force_login(user)
        vi = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        en = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert vi.status_code == en.status_code == status, url
        same = set(texts(vi.content.decode())) & set(texts(en.content.decode()))
        leaks = {t for t in same if not DATA.match(t) and not any(d in t for d in data if d)}
        if leaks:
            untranslated[url] = sorted(leaks)
    return untranslated


@pytest.mark.django_db
def test_admin_and_error_pages_have_no_untranslated_text(client, staff_a, reviewer):
    from agencies.models import Official
    from trips.tests.helpers import administrator

    admin_user = administrator()
    admin_user.is_staff = True
    admin_user.save()
    trip = draft_trip(staff_a, title="Chuyến nháp")
    official = trip.members.first().official
    data = {settings.ORGANISATION_NAME, "Tiếng Việt", "English", str(staff_a), str(reviewer)}
    data |= {str(admin_user), admin_user.username, staff_a.username, reviewer.username}
    data |= {trip.title, str(trip.agency), str(staff_a.agency), staff_a.agency.code}
    data |= {o.full_name for o in Official.objects.all()} | {
        o.position for o in Official.objects.all()
    }
    data |= {"Django", "API", "API v1", "UTC", "md5", "‹ 2027", "Thống kê"}
    pages = [
        (admin_user, reverse("admin:index"), 200),
        (admin_user, reverse("admin:accounts_user_changelist"), 200),
        (admin_user, reverse("admin:accounts_user_change", args=[staff_a.pk]), 200),
        (admin_user, reverse("admin:accounts_user_add"), 200),
        (admin_user, reverse("admin:agencies_official_changelist"), 200),
        (admin_user, reverse("admin:agencies_official_change", args=[official.pk]), 200),
        (admin_user, reverse("admin:trips_triprequest_changelist"), 200),
        (staff_a, "/khong-co-trang-nay/", 404),
        (staff_a, reverse("trips:queue"), 403),
    ]
    leaks = _leaks(client, pages, data)
    assert leaks == {}, "\n".join(f"{url}: {texts}" for url, texts in leaks.items())

from travelmgmt import celery_app


def test_celery_is_configured_from_django_settings():
    conf = celery_app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_time_limit == 300
    assert conf.task_soft_time_limit == 240
    assert conf.timezone == "Asia/Ho_Chi_Minh"
    assert conf.task_ignore_result is True and conf.task_eager_propagates is False


def test_beat_clears_expired_sessions_every_night(db):
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from travelmgmt.celery import clear_expired_sessions

    entry = celery_app.conf.beat_schedule["clear-expired-sessions"]
    assert entry["task"] == clear_expired_sessions.name
    now = timezone.now()
    Session.objects.create(session_key="old", session_data="", expire_date=now - dt.timedelta(1))
    Session.objects.create(session_key="live", session_data="", expire_date=now + dt.timedelta(1))
    clear_expired_sessions()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]

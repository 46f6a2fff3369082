from travelmgmt import celery_app


def test_celery_is_configured_from_django_settings():
    conf = celery_app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_time_limit == 300
    assert conf.task_soft_time_limit == 240
    assert conf.timezone == "Asia/Ho_Chi_Minh"

"""One JSON line per request: who (the user's id), what (method, path, status, duration, request id), and nothing a
person typed in the query string."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from lienhiep.core.logs import JsonFormatter


@pytest.fixture
def lines():  # type: ignore[no-untyped-def]
    """The request log's lines, as the console handler writes them."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("lienhiep.request")
    logger.addHandler(handler)
    yield lambda: [JsonFormatter().format(record) for record in records]
    logger.removeHandler(handler)


def test_a_request_logs_one_line_with_the_user_id_and_no_personal_data(world, client_for, lines):
    client = client_for(world.alice)
    response = client.get(reverse("members:list"), {"q": "Nguyễn Văn Phúc", "phone": "0912345678"})
    assert response.status_code == 200
    [line] = lines()
    entry = json.loads(line)
    duration = entry.pop("duration_ms")
    assert isinstance(duration, float) and duration > 0
    assert entry.pop("time").endswith("+00:00")
    assert entry == {
        "level": "INFO",
        "logger": "lienhiep.request",
        "message": "request",
        "method": "GET",
        "path": "/members/",
        "status": 200,
        "user_id": world.alice.pk,
        "request_id": response["X-Request-ID"],
    }
    assert "0912345678" not in line and "Phúc" not in line and "Ph%C3%BAc" not in line


def test_an_anonymous_request_keeps_the_proxys_request_id_and_hides_a_reset_token(db, client, lines):
    url = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "cz5x7g-0123456789abcdef"})
    response = client.get(url, HTTP_X_REQUEST_ID="0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
    [line] = lines()
    entry = json.loads(line)
    assert (entry["user_id"], entry["request_id"]) == (None, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
    assert entry["path"] == "/accounts/reset/-/-/"
    assert response["X-Request-ID"] == "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

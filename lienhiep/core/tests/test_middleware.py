from django.urls import reverse


def test_vietnamese_whatever_the_browser_asks(db, client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_english_when_the_user_chooses_it(db, client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()


def test_every_page_has_the_content_policy_and_is_kept_by_no_cache(db, client):
    response = client.get(reverse("accounts:login"))
    # (no page has an inline script: the nonce is named only when a template asks for {{ csp_nonce }})
    assert response["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    assert "no-store" in response["Cache-Control"].split(", ")
    # A page not found too
    missing = client.get("/khong-co/")
    assert (missing.status_code, missing["Cache-Control"]) == (404, "no-store")
    assert missing["Content-Security-Policy"] == response["Content-Security-Policy"]

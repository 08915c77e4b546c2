"""A production server's environment as the tests of its settings and of `make prod-check` give it: every value a
deploy check asks for, behind one trusted proxy."""

PRODUCTION = {
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789-abcdefghijkl",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "lienhiep.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://lienhiep.example.vn",
    "SECURE_SSL_REDIRECT": "1",
    "SESSION_COOKIE_SECURE": "1",
    "CSRF_COOKIE_SECURE": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.example.vn",
    "ADMINS": "it@lienhiep.example.vn",
    "BEHIND_PROXY": "1",
    "TRUSTED_PROXY_COUNT": "1",
}

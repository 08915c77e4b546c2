"""`core.http.act`, the one way a view runs a user's move: each shape of answer, on a real request and a real form."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from lienhiep.core.forms import errors_said
from lienhiep.core.http import Moved, act, submit


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # as MessageMiddleware sets it
    return request


def _said(request):
    return [(message.level_tag, message.message) for message in get_messages(request)]


class _Form(forms.Form):
    number = forms.CharField(label="Số")
    name = forms.CharField(label="Tên", required=False)


def _refuse(error):
    def call():
        raise error

    return call


def test_a_move_that_went_says_its_done_message_and_answers_what_the_service_returned():
    request = _request()
    assert act(request, lambda: 42, "Đã lưu.") == Moved(42)
    assert _said(request) == [("success", "Đã lưu.")]


def test_a_service_that_returns_nothing_still_answers_that_it_moved_and_no_done_says_nothing():
    request = _request()
    moved = act(request, lambda: None)
    assert moved == Moved(None)
    assert moved  # a view branches on it: `if act(…):`
    assert _said(request) == []


def test_a_refusal_is_said_as_one_error_its_messages_joined_and_answers_none():
    request = _request()
    refusal = ValidationError({"number": "Số đã có.", "__all__": ["Đơn vị đã giải thể.", "Ngày chưa đến."]})
    assert act(request, _refuse(refusal), "Đã lưu.") is None
    assert _said(request) == [("error", "Số đã có. Đơn vị đã giải thể. Ngày chưa đến.")]


def test_said_words_a_refusal_otherwise():
    request = _request()
    act(request, _refuse(ValidationError("Chưa chọn.", code="undecided")), said=lambda error: f"{error.code}!")
    assert _said(request) == [("error", "undecided!")]


def test_with_a_form_the_refusal_goes_on_it_each_field_at_its_field_the_rest_above_and_no_message():
    request = _request()
    form = _Form({"number": "12/QĐ"})
    assert form.is_valid()
    refusal = ValidationError({"number": "Số đã có.", "org": "Đơn vị đã giải thể.", "__all__": "Ngày chưa đến."})
    assert act(request, _refuse(refusal), "Đã lưu.", form=form) is None
    assert form.errors == {"number": ["Số đã có."], "__all__": ["Đơn vị đã giải thể.", "Ngày chưa đến."]}
    assert "number" not in form.cleaned_data  # as Django's own add_error leaves it
    assert _said(request) == []


def test_with_a_form_a_plain_refusal_stands_above_the_form():
    request = _request()
    form = _Form({"number": "12/QĐ"})
    assert form.is_valid()
    assert act(request, _refuse(ValidationError(["Ngày chưa đến.", "Đơn vị đã giải thể."])), form=form) is None
    assert form.non_field_errors() == ["Ngày chưa đến.", "Đơn vị đã giải thể."]
    assert _said(request) == []


def test_with_a_form_a_move_that_went_says_its_done_message():
    request = _request()
    form = _Form({"number": "12/QĐ"})
    assert form.is_valid()
    assert act(request, lambda: "row", "Đã lưu.", form=form) == Moved("row")
    assert (form.errors, _said(request)) == ({}, [("success", "Đã lưu.")])


class _Checked(_Form):
    def clean(self):
        raise ValidationError("Ngày chưa đến.")


def test_a_forms_errors_are_said_in_one_line_each_fields_after_its_label_when_asked():
    form = _Checked({"name": ""})
    assert not form.is_valid()
    assert errors_said(form) == "Vui lòng điền mục này. Ngày chưa đến."
    assert errors_said(form, labels=True) == "Số: Vui lòng điền mục này. Ngày chưa đến."


def test_a_services_refusal_of_what_a_form_asked_is_said_with_the_forms_labels():
    form = _Form({"number": "12/QĐ"})
    refusal = ValidationError({"number": ["Số đã có.", "Số quá dài."], "org": "Đơn vị đã giải thể."})
    assert errors_said(form, refusal, labels=True) == "Số: Số đã có. Số quá dài. Đơn vị đã giải thể."
    assert errors_said(form, ValidationError(["Chưa chọn.", "Đã khoá."]), labels=True) == "Chưa chọn. Đã khoá."


def _service(**kwargs):
    if kwargs["number"] == "0":
        raise ValidationError({"number": "Số đã có."})
    return kwargs


def test_submit_calls_the_service_as_the_user_with_the_forms_values_and_what_the_view_gives_over_them():
    request, form = _request(), _Form({"number": "12/QĐ", "name": "Tên trong biểu mẫu"})
    request.user = "officer"
    assert form.is_valid()
    moved = submit(request, _service, form, "Đã lưu.", name="Tên của trang", org=7)
    assert moved == Moved({"actor": "officer", "number": "12/QĐ", "name": "Tên của trang", "org": 7})
    assert _said(request) == [("success", "Đã lưu.")]


def test_submit_takes_the_values_a_form_shapes_itself_and_puts_a_refusal_on_the_form():
    request, form = _request(), _Form({"number": "12/QĐ"})
    request.user = "officer"
    assert form.is_valid()
    assert submit(request, _service, form, "Đã lưu.", values={"number": "0"}) is None
    assert form.errors == {"number": ["Số đã có."]}
    assert _said(request) == []


def test_submit_from_a_records_page_says_the_refusal_as_a_message_or_worded_by_said():
    request, form = _request(), _Form({"number": "0"})
    request.user = "officer"
    assert form.is_valid()
    assert submit(request, _service, form, "Đã lưu.", on_form=False) is None
    assert submit(request, _service, form, said=lambda error: errors_said(form, error, labels=True)) is None
    assert form.errors == {}
    assert _said(request) == [("error", "Số đã có."), ("error", "Số: Số đã có.")]

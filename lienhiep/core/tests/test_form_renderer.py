"""The form renderer (core.forms.FormRenderer) prints every widget as Django's own templates do: the plain ones it
writes in Python (core.forms.WRITTEN), the rest through the templates, its select.html first."""

import datetime as dt
from pathlib import Path

import django
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from lienhiep.core.forms import WRITTEN, DateInput, FormRenderer, SearchSelect


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), (1, 2024), ("c", _("Education"))])
    grouped = forms.ChoiceField(choices=[("Nhóm <1>", [("x", "X"), ("y", "Y")]), ("z", mark_safe("<b>Z</b>"))])
    several = forms.MultipleChoiceField(choices=[("p", "P"), ("q", "Q")], required=False)
    yes_no = forms.NullBooleanField(required=False)
    radio = forms.ChoiceField(choices=[("r", "R")], widget=forms.RadioSelect)
    searched = forms.ChoiceField(choices=[("", "—"), ("5", "Hà Tĩnh")], widget=SearchSelect(url="/tim/"))
    attrs = forms.ChoiceField(
        choices=[("k", "K")],
        widget=forms.Select(attrs={"class": "form-select", "data-x": '"quoted"', "disabled": True}),
    )
    day = forms.DateField(widget=forms.SelectDateWidget(years=[2024, 2025]))
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": 'Tên <đầy đủ> & "họ"', "autofocus": True}))
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0, "step": 1.5, "hidden": False}))
    email = forms.EmailField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput, initial=mark_safe("<i>x</i>"))
    date = forms.DateField(widget=DateInput, required=False)
    time = forms.TimeField(required=False)
    url = forms.URLField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), initial="Dòng 1\n<b>2</b> & 3 ")
    empty_note = forms.CharField(widget=forms.Textarea, required=False)
    lazy = forms.ChoiceField(choices=[(_("Education"), _("Education"))], widget=forms.Select(attrs={"title": _("Age")}))


class Other(Sample):
    """An option of its own template goes through the templates."""

    class Select(forms.Select):
        option_template_name = "django/forms/widgets/select_option.html"

        def create_option(self, *args, **kwargs):
            option = super().create_option(*args, **kwargs)
            option["template_name"] = (
                "django/forms/widgets/input.html" if option["value"] == "k" else option["template_name"]
            )
            option["type"], option["name"] = "checkbox", "x"
            return option

    own = forms.ChoiceField(choices=[("k", "K"), ("l", "L")], widget=Select)


def test_every_select_prints_as_djangos_templates_print_it():
    data = {"plain": "1", "grouped": "y", "several": ["p", "q"], "yes_no": "true", "searched": "5", "day_day": "3"}
    data |= {"text": "<script>&amp;", "number": "1234567", "password": 's3cr"t', "date": "31/12/2024", "note": ""}
    data |= {"time": "07:30", "url": "https://vusta.vn/?a=1&b=2", "email": "a@b.vn", "own": "l"}
    for language in ("vi", "en"):
        with override(language):
            for bound in (
                Sample(),
                Sample(data),
                Other(data),
                Sample({"number": 1234567.5, "date": dt.date(2024, 1, 2)}),
            ):
                for field in bound:
                    ours = field.as_widget(attrs={"aria-describedby": "x"}) if field.name == "plain" else str(field)
                    field.form.renderer = DjangoTemplates()
                    theirs = field.as_widget(attrs={"aria-describedby": "x"}) if field.name == "plain" else str(field)
                    field.form.renderer = FormRenderer()
                    assert ours == theirs, field.name
                    assert ("<option" in ours) == (
                        field.name in ("plain", "grouped", "several", "yes_no", "attrs", "day", "lazy", "own")
                    )


def test_the_widgets_written_in_python_are_djangos_own_templates():
    # An app's template of one of these names would not be read: none may exist (only core's select.html, which
    # prints what Django's does).
    engine = FormRenderer().engine.engine
    ours = Path(__file__).parent.parent / "form_templates"
    for name in WRITTEN:
        origin = Path(engine.get_template(name).origin.name)
        assert origin.is_relative_to(Path(django.__file__).parent) or origin.is_relative_to(ours), name

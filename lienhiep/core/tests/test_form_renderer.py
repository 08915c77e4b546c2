"""The form renderer (core.forms.FormRenderer) prints every select as Django's own templates do."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from lienhiep.core.forms import FormRenderer, SearchSelect


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


def test_every_select_prints_as_djangos_templates_print_it():
    data = {"plain": "1", "grouped": "y", "several": ["p", "q"], "yes_no": "true", "searched": "5", "day_day": "3"}
    for language in ("vi", "en"):
        with override(language):
            for bound in (Sample(), Sample(data)):
                for field in bound:
                    ours = field.as_widget(attrs={"aria-describedby": "x"}) if field.name == "plain" else str(field)
                    field.form.renderer = DjangoTemplates()
                    theirs = field.as_widget(attrs={"aria-describedby": "x"}) if field.name == "plain" else str(field)
                    field.form.renderer = FormRenderer()
                    assert ours == theirs, field.name
                    assert ("<option" in ours) == (field.name not in ("radio", "searched"))

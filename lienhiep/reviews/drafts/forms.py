"""The forms of a dossier's draft, its comments and the union's opinion."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lienhiep.core.forms import BootstrapFormMixin, NFCCharField, VNDateField
from lienhiep.reviews.models.drafts import Decision, OpinionPosition, Stance


class DraftUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("Draft (Word .docx or PDF)"))


class CommentForm(BootstrapFormMixin, forms.Form):
    stance = forms.ChoiceField(label=_("Your opinion"), choices=Stance.choices, widget=forms.RadioSelect)
    text = NFCCharField(label=_("Comment"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))
    proposed_text = NFCCharField(
        label=_("Proposed wording"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReplyForm(BootstrapFormMixin, forms.Form):
    text = NFCCharField(label=_("Answer"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 2}))


class ItemForm(BootstrapFormMixin, forms.Form):
    """The union's wording of one proposal: for the comments taken (accepted or merged) or an item edited."""

    text = NFCCharField(label=_("The union's comment"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))
    proposed_text = NFCCharField(
        label=_("Proposed wording"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reasons = NFCCharField(
        label=_("Reasons"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TakeForm(ItemForm):
    comments = forms.TypedMultipleChoiceField(label=_("Comments"), coerce=int, choices=())

    def __init__(self, *args: Any, comment_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comments"].choices = [(pk, pk) for pk in comment_ids]  # type: ignore[attr-defined]


class DecideForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Decision.DROPPED, _("Drop")), (Decision.DISSENT, _("Note as dissent")), (Decision.OPEN, _("Reopen"))],
    )
    note = NFCCharField(label=_("Why"), max_length=2000, required=False)


class OpinionForm(BootstrapFormMixin, forms.Form):
    position = forms.ChoiceField(
        label=_("The union's position"), choices=[("", "—"), *OpinionPosition.choices], required=False
    )
    reasons = NFCCharField(
        label=_("Reasons"), max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    authority = NFCCharField(label=_("Signing on behalf of"), max_length=120)
    signer_title = NFCCharField(label=_("Signer's title"), max_length=120)
    signer_name = NFCCharField(label=_("Signer"), max_length=200, required=False)
    recipients = NFCCharField(
        label=_("Recipients (Nơi nhận)"),
        max_length=2000,
        required=False,
        help_text=_("One a line; “Như trên;” and “Lưu: VT, HS.” when left empty."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IssueForm(BootstrapFormMixin, forms.Form):
    issued_on = VNDateField(label=_("Issued on"))


class AccessForm(BootstrapFormMixin, forms.Form):
    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("User"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates  # type: ignore[attr-defined]

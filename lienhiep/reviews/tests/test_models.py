"""The shipped regulation profiles, and the deadline of a step read from a profile."""

import datetime as dt

from lienhiep.reviews.models import Dossier, DossierStatus, RegulationProfile
from lienhiep.reviews.models.dossiers import step_due

D = dt.date


def test_two_profiles_are_shipped_and_a_step_is_due_by_its_profile(db):
    shipped = dict(RegulationProfile.objects.filter(org__isnull=True).values_list("scope", "name"))
    assert shipped == {"provincial": "Quy định cấp tỉnh (mặc định)", "national": "Quy định cấp trung ương (mặc định)"}
    provincial = RegulationProfile.objects.get(org__isnull=True, scope="provincial")
    national = RegulationProfile.objects.get(org__isnull=True, scope="national")
    assert step_due(provincial, DossierStatus.CHECKING, D(2026, 11, 2)) == D(2026, 11, 7)
    assert step_due(national, DossierStatus.CHECKING, D(2026, 11, 2)) == D(2026, 11, 9)
    assert step_due(provincial, DossierStatus.CLOSED, D(2026, 11, 2)) is None
    assert step_due(None, DossierStatus.CHECKING, D(2026, 11, 2)) is None
    dossier = Dossier(due_on=D(2026, 11, 7))
    assert (dossier.is_overdue(D(2026, 11, 7)), dossier.is_overdue(D(2026, 11, 8))) == (False, True)

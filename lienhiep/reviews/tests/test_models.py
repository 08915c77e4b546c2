"""The shipped regulation profiles and the deadline of a dossier's step read from its profile."""

import datetime as dt

from lienhiep.reviews.models import Dossier, DossierStatus, RegulationProfile

D = dt.date


def test_two_profiles_are_shipped_and_a_step_is_due_by_its_profile(world):
    shipped = dict(RegulationProfile.objects.filter(org__isnull=True).values_list("scope", "name"))
    assert shipped == {"provincial": "Quy định cấp tỉnh (mặc định)", "national": "Quy định cấp trung ương (mặc định)"}
    provincial = RegulationProfile.objects.get(org__isnull=True, scope="provincial")
    dossier = Dossier(
        org=world.ha_tinh, kind="critique", title="Đề án", requester_name="UBND tỉnh", subject_type="scheme",
        received_on=D(2026, 11, 2), status=DossierStatus.CHECKING, status_since=D(2026, 11, 2), profile=provincial,
    )  # fmt: skip
    assert dossier.step_due() == D(2026, 11, 7)
    assert (dossier.is_overdue(D(2026, 11, 7)), dossier.is_overdue(D(2026, 11, 8))) == (False, True)
    dossier.status = DossierStatus.CLOSED
    assert dossier.step_due() is None

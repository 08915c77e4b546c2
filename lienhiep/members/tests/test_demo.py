"""The demo's members as an office would keep them: no two members of an association share a card number."""

from django.db.models import Count

from lienhiep.members.models import Membership


def test_no_two_members_of_an_association_share_a_card_number(demo):
    shared = (
        Membership.objects.exclude(card_number="")
        .values("org_id", "card_number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert list(shared) == []
    # The 12 Bắc Ninh members in a second association are still there, each with their own card.
    second = Membership.objects.filter(joined_on="2025-09-01", org__name__contains="tỉnh Bắc")
    assert second.count() == 12
    assert len(set(second.values_list("card_number", flat=True))) == 12

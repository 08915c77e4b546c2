from lienhiep.accounts.models import User
from lienhiep.experts.demo import EXPERT_USERNAME
from lienhiep.experts.models import Expert


def test_the_demo_keeps_experts_in_ha_tinh_and_hong_linh_one_with_a_login(demo):
    by_unit = sorted(Expert.objects.values_list("org__name", "full_name"))
    # The registry's nine, and the three jurors contests' demo puts on Hà Tĩnh's list for its 2026 edition.
    assert len(by_unit) == 9 + 3
    assert sorted({unit for unit, _name in by_unit}) == [
        "Liên hiệp các Hội Khoa học và Kỹ thuật thị xã Hồng Lĩnh",
        "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh",
    ]
    expert = Expert.objects.get(user__username=EXPERT_USERNAME)
    assert (expert.full_name, expert.workplace) == ("Nguyễn Thị Minh Hằng", "Sở Tài nguyên và Môi trường Hà Tĩnh")
    user = User.objects.get(username=EXPERT_USERNAME)
    assert (user.check_password("lienhiep-demo"), user.roles.count()) == (True, 0)

"""A contest another body runs (a quiz on administrative reform), as the activities and reporting tests record it:
the body as the outside organiser, a unit of Hà Tĩnh taking part."""

import datetime as dt

from lienhiep.activities import services


def steering_body(world):
    return services.partner_create(
        actor=world.root, org=world.ha_tinh, name="Ban Chỉ đạo cải cách hành chính thị xã", kind="department"
    )


def outside_contest(world, steering, **values):
    base = {"kind": "contest", "title": "Cuộc thi tìm hiểu về cải cách hành chính", "start_date": dt.date(2025, 9, 1),
            "role": "participant", "host": steering, "mode": "online", "participants_members": 40}  # fmt: skip
    org = values.pop("org", world.y_te)
    return services.activity_create(actor=world.alice, org=org, **{**base, **values})

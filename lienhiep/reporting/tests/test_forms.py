"""A text block's words come back from the browser without any way to type over, add or change a figure."""

from __future__ import annotations

import json

from lienhiep.reporting.forms import BlockTextForm, adapted_structure, runs_as_text, template_sections

RUNS = [
    {"t": "Hiện nay, Liên hiệp hội thị xã có "},
    {"fig": "orgs.associations", "fmt": {"pad": 2}},
    {"t": " hội thành viên, tập hợp được "},
    {"fig": "members.count"},
    {"t": " hội viên", "b": True},
    {"note": "fn1"},
    {"t": "."},
]


def _clean(**data):  # type: ignore[no-untyped-def]
    form = BlockTextForm(data, original=RUNS)
    return form, form.is_valid()


def test_the_text_box_shows_each_token_as_a_numbered_marker_with_what_it_prints():
    text = runs_as_text(RUNS, {1: "19", 2: "1.700"})
    assert text == (
        "Hiện nay, Liên hiệp hội thị xã có [[1: 19]] hội thành viên, tập hợp được [[2: 1.700]] hội viên[[3]]."
    )


def test_a_sentence_changed_in_the_text_box_keeps_the_blocks_own_tokens():
    form, valid = _clean(text="Đến nay, thị xã có [[1: 99]] hội thành viên và [[2]] hội viên[[3]]. Thêm câu.")
    assert valid, form.errors
    assert form.cleaned_data["new_runs"] == [
        {"t": "Đến nay, thị xã có "},
        {"fig": "orgs.associations", "fmt": {"pad": 2}},  # the value typed after the colon counts for nothing
        {"t": " hội thành viên và "},
        {"fig": "members.count"},
        {"t": " hội viên"},
        {"note": "fn1"},
        {"t": ". Thêm câu."},
    ]


def test_the_editor_sends_runs_with_their_formatting_and_tokens_by_number():
    sent = [
        {"t": "Có ", "b": False, "i": False},
        {"tok": 1},
        {"t": " hội; ", "b": False, "i": False},
        {"t": "quan trọng", "b": True, "i": True},
        {"tok": 2},
    ]
    form, valid = _clean(text="ignored when runs are sent", runs=json.dumps(sent))
    assert valid, form.errors
    assert form.cleaned_data["new_runs"] == [
        {"t": "Có "},
        {"fig": "orgs.associations", "fmt": {"pad": 2}},
        {"t": " hội; "},
        {"t": "quan trọng", "b": True, "i": True},
        {"fig": "members.count"},
    ]


def test_a_figure_typed_as_a_marker_the_block_does_not_have_or_twice_is_refused():
    assert _clean(text="Có [[7]] hội.")[1] is False
    form, valid = _clean(text="Có [[1]] và [[1]] hội.")
    assert valid is False
    assert _clean(runs=json.dumps([{"tok": 9}]))[1] is False
    assert _clean(runs=json.dumps([{"tok": "1"}]))[1] is False
    assert _clean(runs="{not json")[1] is False
    assert _clean(runs=json.dumps({"t": "x"}))[1] is False


def test_a_number_typed_as_text_stays_text_and_an_empty_block_is_refused():
    form, valid = _clean(text="Có 25 hội.")
    assert valid
    assert form.cleaned_data["new_runs"] == [{"t": "Có 25 hội."}]
    assert _clean(text="   ")[1] is False


def test_a_union_copy_renames_reorders_and_leaves_out_sections():
    structure = {
        "name": "Mẫu",
        "sections": [
            {"key": "p1", "title": "Một", "sections": [{"key": "p1.a", "title": "A"}, {"key": "p1.b", "title": "B"}]},
            {"key": "p2", "title": "Hai", "sections": [{"key": "p2.a", "title": "C"}]},
        ],
    }
    assert [(s["key"], s["depth"]) for s in template_sections(structure)] == [
        ("p1", 0), ("p1.a", 1), ("p1.b", 1), ("p2", 0), ("p2.a", 1),
    ]  # fmt: skip
    changes = [
        {"key": "p1", "order": 2, "title": "Một", "included": True},
        {"key": "p1.a", "order": 5, "title": "A mới", "included": True},
        {"key": "p1.b", "order": 1, "title": "B", "included": True},
        {"key": "p2", "order": 1, "title": "Hai", "included": True},
        {"key": "p2.a", "order": 1, "title": "C", "included": False},
    ]
    adapted = adapted_structure(structure, "Mẫu của hội", changes)
    assert adapted["name"] == "Mẫu của hội"
    assert [(s["key"], s["title"], [c["key"] for c in s["sections"]]) for s in adapted["sections"]] == [
        ("p2", "Hai", []),
        ("p1", "Một", ["p1.b", "p1.a"]),
    ]
    assert adapted["sections"][1]["sections"][1]["title"] == "A mới"

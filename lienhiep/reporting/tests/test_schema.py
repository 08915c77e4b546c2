"""The template loader: a well-formed template loads, a bad one is refused naming its section and block."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError

from lienhiep.reporting import schema, services
from lienhiep.reporting.models import ReportTemplate
from lienhiep.reporting.tests.factories import DATA, mini_structure


def refused(data: dict) -> str:
    with pytest.raises(ValidationError) as caught:
        schema.check_template(data)
    return " ".join(caught.value.messages)


def block(data: dict, *path: int) -> dict:
    """The block at `path` (section indexes down the tree, then the block's index)."""
    sections = data["sections"]
    *down, last = path
    node = None
    for index in down:
        node = sections[index]
        sections = node.get("sections", [])
    return node["blocks"][last]


def test_the_tests_template_loads():
    data = mini_structure()
    assert schema.check_template(data) is data


def test_an_unknown_figure_is_named_with_its_section_and_block():
    data = copy.deepcopy(mini_structure())
    block(data, 0, 0, 0, 0)["content"]["runs"][1]["fig"] = "members.cuont"
    assert refused(data) == "Mẫu báo cáo: mục “p1.i.1”, khối 1: không có số liệu “members.cuont”."


def test_a_parameter_the_figure_does_not_take_is_refused():
    data = copy.deepcopy(mini_structure())
    block(data, 0, 0, 0, 0)["content"]["runs"][3]["params"] = {"group": "nobody"}
    assert refused(data) == (
        "Mẫu báo cáo: mục “p1.i.1”, khối 1: “nobody” không phải là một giá trị của “group” cho số liệu "
        "“orgs.associations”."
    )
    block(data, 0, 0, 0, 0)["content"]["runs"][3]["params"] = {"kind": "x"}
    assert refused(data) == "Mẫu báo cáo: mục “p1.i.1”, khối 1: số liệu “orgs.associations” không có tham số “kind”."


def test_a_list_needs_a_figure_of_rows():
    data = copy.deepcopy(mini_structure())
    data["sections"][0]["sections"][0]["sections"][0]["blocks"].append(
        {"kind": "list", "content": {"fig": "members.count", "row": "+ {title};", "bullet": "+"}}
    )
    assert refused(data) == "Mẫu báo cáo: mục “p1.i.1”, khối 3: số liệu “members.count” không cho danh sách dòng."


def test_unknown_kinds_keys_twice_placeholders_and_dangling_notes_are_refused():
    data = copy.deepcopy(mini_structure())
    block(data, 1, 0, 0, 0)["kind"] = "poem"
    assert refused(data) == "Mẫu báo cáo: mục “p2.i.2”, khối 1: loại khối không hợp lệ."
    data = copy.deepcopy(mini_structure())
    data["sections"][1]["sections"][0]["key"] = "p1.i"
    assert refused(data) == "Mẫu báo cáo: mục “p1.i”: khoá mục bị dùng hai lần."
    data = copy.deepcopy(mini_structure())
    data["summary"] = "NHIỆM KỲ {terms}"
    assert refused(data) == "Mẫu báo cáo: phần đầu mẫu: “summary” có chỗ điền không hợp lệ {terms}."
    data = copy.deepcopy(mini_structure())
    del data["sections"][0]["sections"][0]["sections"][0]["blocks"][1]
    assert refused(data) == "Mẫu báo cáo: phần đầu mẫu: không có chú thích “fn1” cho lời dẫn tới nó."
    data = copy.deepcopy(mini_structure())
    data["kind"] = "weekly"
    assert refused(data) == "Mẫu báo cáo: phần đầu mẫu: loại báo cáo không hợp lệ “weekly”."


def test_a_row_template_names_only_the_rows_fields(monkeypatch):
    # A figure of rows that declares its fields (rfig's `row_fields`); the registry's own specs are not touched.
    from lienhiep.reporting import registry

    spec = registry.FigureSpec(
        key="tests.products",
        label="Sản phẩm",
        value_type="rows",
        period="span",
        compute="lienhiep.reporting.figures.members.count",
    )
    object.__setattr__(spec, "row_fields", ("title", "unit", "year"))
    monkeypatch.setitem(registry._SPECS, "tests.products", spec)
    data = copy.deepcopy(mini_structure())
    blocks = data["sections"][0]["sections"][0]["sections"][0]["blocks"]
    blocks.append({"kind": "list", "content": {"fig": "tests.products", "row": "+ “{title}”, {unit} năm {year};"}})
    assert schema.check_template(data) is data
    blocks[-1]["content"]["row"] = "+ “{title}”, {level};"
    assert refused(data) == "Mẫu báo cáo: mục “p1.i.1”, khối 3: các dòng của “tests.products” không có trường “level”."


@pytest.mark.django_db
def test_templates_sync_loads_each_file_once_and_names_a_bad_one(tmp_path):
    (tmp_path / "mini-term.json").write_text((DATA / "mini-term.json").read_text(encoding="utf-8"), encoding="utf-8")
    first = services.templates_sync(folder=tmp_path)
    again = services.templates_sync(folder=tmp_path)
    assert [t.pk for t in first] == [t.pk for t in again]
    assert ReportTemplate.objects.filter(key="mini-term", org=None).count() == 1
    bad = json.loads((DATA / "mini-term.json").read_text(encoding="utf-8"))
    bad["key"] = "bad-one"
    bad["sections"][0]["level"] = 7
    (tmp_path / "bad-one.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        services.templates_sync(folder=tmp_path)
    assert caught.value.messages == ["bad-one.json: Mẫu báo cáo: mục “p1”: cấp mục phải từ 0 đến 3."]
    assert [t.key for t in services.templates_sync(folder=tmp_path, strict=False)] == ["mini-term"]


@pytest.mark.django_db
def test_every_shipped_template_loads():
    files = sorted(services.SHIPPED.glob("*.json"))
    loaded = services.templates_sync()
    assert [t.key for t in loaded] == [json.loads(path.read_text(encoding="utf-8"))["key"] for path in files]

"""The member import's file format: its columns, the headers offices give them, and the template.

The headers, the help and the coded values (Nam/Nữ, ĐH, PGS…) are fixed Vietnamese data: they are the
template's content, and an exported list (`members.exporting`) uses the same headers so that it can be
edited and imported back."""

from __future__ import annotations

import datetime as dt

from lienhiep.core.spreadsheets import DATE_FORMAT, Column
from lienhiep.core.spreadsheets import template_xlsx as _template

# fmt: off
COLUMNS: list[Column] = [
    Column("full_name", "Họ và tên", True, ("Họ tên", "Tên", "Tên hội viên", "Họ và tên hội viên", "Full name"),
           "Họ và tên đầy đủ, có dấu. Ví dụ: Nguyễn Thị Bình."),
    Column("gender", "Giới tính", False, ("Giới", "Nam/Nữ", "Phái", "Gender"), "Nam hoặc Nữ."),
    Column("birth_date", "Ngày sinh", False, ("Ngày tháng năm sinh", "Năm sinh", "NS", "Date of birth"),
           "Ngày/tháng/năm, ví dụ 14/03/1985."),
    Column("id_number", "Số CCCD", False, (
        "CCCD", "Căn cước", "Căn cước công dân", "Số căn cước", "Số căn cước công dân", "CMND", "Số CMND",
        "CCCD/CMND", "Số CCCD/CMND", "Số định danh", "Số định danh cá nhân"),
        "Số căn cước công dân, đủ 12 chữ số (giữ số 0 ở đầu); không trùng với người đã có trong hệ thống."),
    Column("phone", "Số điện thoại", False, ("SĐT", "Điện thoại", "Số ĐT", "ĐT", "Di động", "Phone"),
           "Số điện thoại liên hệ."),
    Column("email", "Email", False, ("Thư điện tử", "Địa chỉ email", "Mail"), "Địa chỉ thư điện tử."),
    Column("address", "Địa chỉ", False, ("Nơi ở", "Nơi ở hiện nay", "Chỗ ở hiện nay", "Địa chỉ liên hệ"),
           "Nơi ở hiện nay."),
    Column("education", "Trình độ", False, ("Trình độ chuyên môn", "Trình độ đào tạo", "Học vị", "Bằng cấp"),
           "TS, ThS, ĐH, CĐ, TC hoặc Khác (hoặc ghi đủ: Tiến sĩ, Thạc sĩ, Đại học, Cao đẳng, Trung cấp)."),
    Column("academic_title", "Học hàm", False, ("Chức danh khoa học", "GS/PGS"), "GS hoặc PGS; để trống nếu không có."),
    Column("fields", "Lĩnh vực", False, ("Lĩnh vực chuyên môn", "Lĩnh vực hoạt động", "Chuyên ngành", "Ngành"),
           "Tên lĩnh vực trong danh mục của hệ thống, cách nhau bởi dấu ; (ví dụ: Y tế; Giáo dục)."),
    Column("workplace", "Nơi công tác", False, ("Đơn vị công tác", "Cơ quan", "Cơ quan công tác", "Nơi làm việc"),
           "Cơ quan, đơn vị nơi hội viên công tác."),
    Column("position", "Chức vụ", False, ("Chức danh", "Chức vụ hiện nay", "Chức vụ, chức danh"), "Chức vụ hiện nay."),
    Column("org", "Hội", True, ("Tên hội", "Đơn vị", "Chi hội", "Hội/Chi hội", "Sinh hoạt tại"),
           "Tên (hoặc tên viết tắt) của hội, chi hội mà hội viên tham gia, đúng như trong hệ thống."),
    Column("joined_on", "Ngày vào hội", True, ("Ngày gia nhập", "Ngày gia nhập hội", "Ngày kết nạp", "Ngày vào"),
           "Ngày vào hội, dạng ngày/tháng/năm; không sau ngày hôm nay."),
    Column("card_number", "Số thẻ hội viên", False, ("Số thẻ", "Mã thẻ", "Số thẻ HV", "Mã hội viên"),
           "Số thẻ hội viên, nếu đã cấp."),
]
# fmt: on
BY_KEY = {column.key: column for column in COLUMNS}
# The coded values the template offers in a drop-down (other spellings are read too: checking.py).
CHOICES = {"gender": "Nam,Nữ", "education": "TS,ThS,ĐH,CĐ,TC,Khác", "academic_title": "GS,PGS"}
# Dates as dates, and as text the numbers whose leading zeros Excel would drop.
_FORMATS = {"birth_date": DATE_FORMAT, "joined_on": DATE_FORMAT, "id_number": "@", "phone": "@", "card_number": "@"}
_WIDTHS = {"full_name": 26, "address": 32, "fields": 24, "workplace": 30, "org": 34, "email": 26}


def template_xlsx(*, org_name: str = "Hội KH&KT phường Trung Lương") -> bytes:
    """The import template: headers, one example row (in `org_name`) and a sheet explaining each column."""
    example = {
        "full_name": "Nguyễn Thị Bình", "gender": "Nữ", "birth_date": dt.date(1985, 3, 14),
        "id_number": "042185001234", "phone": "0912345678", "email": "binh.nt@example.com",
        "address": "Phường Trung Lương, thị xã Hồng Lĩnh, Hà Tĩnh", "education": "TS", "academic_title": "PGS",
        "fields": "Y tế; Giáo dục", "workplace": "Trung tâm Y tế thị xã Hồng Lĩnh", "position": "Phó Giám đốc",
        "org": org_name, "joined_on": dt.date(2020, 1, 15), "card_number": "HV-0001",
    }  # fmt: skip
    notes = [
        "Mỗi dòng là một hội viên. Dòng tiêu đề có thể nằm dưới tên bảng: hệ thống tự tìm và cho chọn lại; "
        'thứ tự các cột có thể thay đổi; dòng "Tổng cộng" và các dòng ký tên ở cuối bảng được bỏ qua; tên hội '
        "gộp ô qua nhiều dòng được hiểu là của từng dòng.",
        "Ngày ghi theo dạng ngày/tháng/năm (dd/mm/yyyy) hoặc dùng ô kiểu ngày của Excel.",
        "Nếu có dòng lỗi, hệ thống trả về tệp các dòng lỗi kèm lý do: sửa các dòng đó rồi nhập lại.",
    ]
    return _template(
        COLUMNS, title="Hội viên", examples=[example], notes=notes, widths=_WIDTHS, formats=_FORMATS, choices=CHOICES
    )

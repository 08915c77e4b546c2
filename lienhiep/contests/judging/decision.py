"""The results decision of an edition as it prints: the "Quyết định công nhận kết quả và trao giải", written through
reporting's Word machinery (`reporting.output.word.render_docx`, the ND 30/2020 frame: head, title, signature, Nơi
nhận) and checked by the same layout check as the reports; numbered from the unit's register that its reports and
the dossiers' opinions take theirs from ("Số: 03/QĐ-LHH").

The body: the grounds (the rules' decision, the board's approval), "QUYẾT ĐỊNH:", Điều 1 (the results recognised,
counted by prize), Điều 2 (the prize money), Điều 3 (who carries it out); then the prize table (group, prize, places
of the rules, prizes given, with its total) and the list of the entries awarded. REPORTING.md §5.9 item 29: the
prize table adds up to the entries awarded, or the decision says where it does not (`DecisionData.problems`, from
`ranking.tally`, shown to the officer before the decision is issued).

This module reads plain data (`DecisionData`, built by `selectors.decision_data` from the tables), so its layout is
tested without the database. The words are the document's, in Vietnamese whatever the reader's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from lienhiep.contests import ranking
from lienhiep.reporting.document import Column, Document, Paragraph, Run, Section, Table, administrative

# The prize ranks as the decision names them (PrizeRank's values), highest first.
RANK_WORDS = {
    "dac_biet": "Giải Đặc biệt",
    "nhat": "Giải Nhất",
    "nhi": "Giải Nhì",
    "ba": "Giải Ba",
    "khuyen_khich": "Giải Khuyến khích",
    "phong_trao": "Giải Phong trào",
}
DEFAULT_RECIPIENTS = ("Như Điều 3;", "Các đơn vị có đề tài, sản phẩm đạt giải;", "Lưu: VT, BTC.")


@dataclass(frozen=True)
class PrizeLine:
    """A row of the prize table: the group (a field, or "field – category"), the rank, the places the rules gave and
    the amount of each prize."""

    key: int
    group: str
    rank: str
    quota: int
    amount: Decimal = Decimal(0)
    honour: str = ""


@dataclass(frozen=True)
class AwardedEntry:
    number: int
    title: str
    authors: str
    unit: str
    group: str
    rank: str
    prize_key: int | None  # the prize line it takes a place of; None: a prize outside the table
    score: Decimal | None = None


@dataclass(frozen=True)
class DecisionData:
    superior: str
    issuer: str
    place: str
    symbol: str  # "QĐ-LHH"
    number_line: str  # "Số: 03/QĐ-LHH" once issued, "" before
    issued_on: dt.date | None
    contest: str  # "Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh"
    edition: str  # "lần thứ 10 (2025–2026)"
    rules_line: str  # "Quyết định số 12/QĐ-LHH ngày 15/03/2025"
    approval_line: str  # "Biên bản họp Ban Tổ chức số 05/BB-BTC ngày 20/11/2026"
    prizes: tuple[PrizeLine, ...]
    awarded: tuple[AwardedEntry, ...]
    authority: str = ""
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""
    recipients: tuple[str, ...] = DEFAULT_RECIPIENTS
    problems: tuple[str, ...] = field(default=())


def _text(value: str, *, bold: bool = False) -> Paragraph:
    return Paragraph((Run(value, bold=bold),))


def _money(value: Decimal) -> str:
    return f"{int(value):,}".replace(",", ".")


def check(prizes: tuple[PrizeLine, ...], awarded: tuple[AwardedEntry, ...]) -> tuple[str, ...]:
    """Where the prize table does not add up to the entries awarded (item 29), in the decision's words: a prize given
    more often than the rules allow, an entry awarded a prize the table does not have, a total that differs. An
    edition recorded without its prize table (one of the years before the platform) says so once, not once an entry."""
    if awarded and not prizes:
        return (
            f"Chưa ghi cơ cấu giải của thể lệ: {len(awarded):02d} đề tài, sản phẩm được trao giải chưa đối chiếu được "
            "với cơ cấu giải.",
        )
    result = ranking.tally(
        [(line.key, line.key, line.quota) for line in prizes],
        [(index, entry.prize_key, entry.prize_key or 0) for index, entry in enumerate(awarded)],
    )
    by_key = {line.key: line for line in prizes}
    found = [
        f"{by_key[line.prize_id].group}, {RANK_WORDS.get(by_key[line.prize_id].rank, by_key[line.prize_id].rank)}: "
        f"{line.awarded} giải, vượt cơ cấu {line.quota} giải của thể lệ."
        for line in result.lines
        if line.over
    ]
    found += [
        f"Đề tài số {awarded[index].number} ({awarded[index].title}) được trao "
        f"{RANK_WORDS.get(awarded[index].rank, awarded[index].rank)} không có trong cơ cấu giải của "
        f"{awarded[index].group}."
        for index, _prize in result.stray
    ]
    if result.total + len(result.stray) != result.entries:  # pragma: no cover - each entry counts once by design
        found.append(f"Bảng tổng hợp có {result.total} giải nhưng danh sách có {result.entries} đề tài, sản phẩm.")
    return tuple(found)


def _counts(data: DecisionData) -> str:
    by_rank: dict[str, int] = {}
    for entry in data.awarded:
        by_rank[entry.rank] = by_rank.get(entry.rank, 0) + 1
    parts = [f"{count:02d} {RANK_WORDS.get(rank, rank)}" for rank, count in sorted(by_rank.items(), key=_rank_order)]
    return ", ".join(parts)


def _rank_order(item: tuple[str, int]) -> int:
    order = list(RANK_WORDS)
    return order.index(item[0]) if item[0] in order else len(order)


def prize_table(data: DecisionData) -> Table:
    given: dict[int, int] = {}
    for entry in data.awarded:
        if entry.prize_key is not None:
            given[entry.prize_key] = given.get(entry.prize_key, 0) + 1
    rows = tuple(
        (
            str(index),
            line.group,
            RANK_WORDS.get(line.rank, line.rank),
            str(line.quota),
            str(given.get(line.key, 0)),
            _money(line.amount) if line.amount else "",
        )
        for index, line in enumerate(data.prizes, start=1)
    )
    stray = sum(1 for entry in data.awarded if entry.prize_key is None)
    if stray:
        rows += (("", "Ngoài cơ cấu giải", "", "", str(stray), ""),)
    return Table(
        columns=(
            Column("TT", "center"),
            Column("Lĩnh vực"),
            Column("Giải"),
            Column("Cơ cấu", "right"),
            Column("Số giải trao", "right"),
            Column("Mức thưởng (đồng)", "right"),
        ),
        rows=rows,
        totals=("", "Tổng cộng", "", str(sum(line.quota for line in data.prizes)), str(len(data.awarded)), ""),
    )


def awarded_table(data: DecisionData) -> Table:
    return Table(
        columns=(
            Column("TT", "center"),
            Column("Tên đề tài, sản phẩm"),
            Column("Tác giả"),
            Column("Đơn vị"),
            Column("Lĩnh vực"),
            Column("Giải"),
            Column("Điểm", "right"),
        ),
        rows=tuple(
            (
                str(index),
                entry.title,
                entry.authors,
                entry.unit,
                entry.group,
                RANK_WORDS.get(entry.rank, entry.rank),
                f"{entry.score:.2f}".replace(".", ",") if entry.score is not None else "",
            )
            for index, entry in enumerate(data.awarded, start=1)
        ),
    )


def document(data: DecisionData) -> Document:
    """The results decision of `data` as a `Document` (reporting's writers print it)."""
    name = f"{data.contest} {data.edition}".strip()
    grounds = [_text(f"{data.signer_title or 'CHỦ TỊCH'} {data.issuer}".upper(), bold=True)]
    if data.rules_line:
        grounds.append(_text(f"Căn cứ {data.rules_line} ban hành Thể lệ {name};"))
    if data.approval_line:
        grounds.append(_text(f"Căn cứ {data.approval_line} phê duyệt kết quả chấm thi;"))
    grounds.append(_text(f"Xét đề nghị của Ban Tổ chức và Ban Giám khảo {data.contest},"))
    grounds.append(_text("QUYẾT ĐỊNH:", bold=True))
    counts = _counts(data)
    articles = [
        Paragraph(
            (
                Run("Điều 1. ", bold=True),
                Run(
                    f"Công nhận kết quả và trao giải cho {len(data.awarded):02d} đề tài, sản phẩm đạt giải tại {name}"
                    + (f", gồm: {counts}" if counts else "")
                    + " (có danh sách kèm theo)."
                ),
            )
        )
    ]
    amounts = [line for line in data.prizes if line.amount]
    money = "; ".join(
        f"{RANK_WORDS.get(line.rank, line.rank)} ({line.group}): {_money(line.amount)} đồng/giải" for line in amounts
    )
    articles.append(
        Paragraph(
            (
                Run("Điều 2. ", bold=True),
                Run(
                    f"Mức thưởng: {money}. Kinh phí khen thưởng chi từ kinh phí tổ chức {data.contest}."
                    if money
                    else "Các đề tài, sản phẩm đạt giải được cấp Giấy chứng nhận của Ban Tổ chức."
                ),
            )
        )
    )
    articles.append(
        Paragraph(
            (
                Run("Điều 3. ", bold=True),
                Run(
                    "Quyết định có hiệu lực kể từ ngày ký. Chánh Văn phòng, Ban Tổ chức, các đơn vị và các tác giả "
                    "có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
                ),
            )
        )
    )
    sections = [
        Section(level=0, number="", title="", blocks=(*grounds, *articles)),
        Section(level=1, number="I.", title="Bảng tổng hợp giải thưởng", blocks=(prize_table(data),)),
        Section(
            level=1,
            number="II.",
            title="Danh sách đề tài, sản phẩm đạt giải",
            blocks=(awarded_table(data),) if data.awarded else (_text("Không có đề tài, sản phẩm đạt giải."),),
        ),
    ]
    if data.problems:
        sections.append(
            Section(
                level=1,
                number="III.",
                title="Ghi chú về bảng tổng hợp",
                blocks=tuple(Paragraph((Run(line),), bullet="-") for line in data.problems),
            )
        )
    return administrative(
        data,
        doc_type="QUYẾT ĐỊNH",
        summary=f"Về việc công nhận kết quả và trao giải\n{name}",
        issuer=data.issuer,
        superior=data.superior,
        place=data.place,
        sections=tuple(sections),
        recipients=tuple(data.recipients) or DEFAULT_RECIPIENTS,
        problems=data.problems,
    )


def render(data: DecisionData) -> bytes:
    from lienhiep.reporting.output.word import render_docx

    return render_docx(document(data))

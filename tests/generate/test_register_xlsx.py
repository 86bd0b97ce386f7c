from datetime import date

from openpyxl import load_workbook

from pipeline.generate.register import COLUMNS, write_register
from pipeline.generate.sample import sample_analysis


def test_register_rows_and_layout(tmp_path):
    analysis = sample_analysis()
    out = write_register([analysis], tmp_path / "so-theo-doi.xlsx", today=date(2026, 7, 1))
    ws = load_workbook(out).active
    headers = [ws.cell(row=2, column=c).value for c in range(1, len(COLUMNS) + 1)]
    assert headers[1:] == ["Văn bản", "Mục", "Loại", "Nội dung", "Chủ trì", "Phối hợp",
                           "Báo cáo về", "Thời hạn", "Hạn", "Lặp lại", "Trạng thái"]
    assert [ws.cell(row=3, column=c).value for c in (1, 2, 12)] == ["(1)", "(2)", "(12)"]
    assert ws.max_row == 3 + len(analysis.obligations)
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref.startswith("A3:")
    first = [ws.cell(row=4, column=c).value for c in range(1, 13)]
    assert first[1] == "Chỉ thị số 09/CT-UBND" and first[2] == "II.1" and first[3] == "Nhiệm vụ"
    assert first[5] == "Sở Nội vụ" and first[6] == "Văn phòng UBND Thành phố"
    assert first[9].date() == date(2026, 6, 30) and first[11] == "Quá hạn"
    recurring = [ws.cell(row=r, column=11).value for r in range(4, ws.max_row + 1)]
    assert "FREQ=MONTHLY;INTERVAL=3" in recurring
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.value is not None:
                assert cell.font.name == "Times New Roman"
    assert ws.cell(row=4, column=5).alignment.wrap_text


def test_register_accepts_obligations_and_pairs(tmp_path):
    obs = sample_analysis().obligations
    out = write_register([obs[0], ("KH 01", obs[1])], tmp_path / "r.xlsx")
    ws = load_workbook(out).active
    assert ws.cell(row=5, column=2).value == "KH 01"
    assert ws.cell(row=4, column=12).value == "Đang thực hiện"


def test_register_atomic_write_leaves_no_temp(tmp_path):
    write_register([sample_analysis()], tmp_path / "r.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]

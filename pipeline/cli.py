"""The `vanban` command: parse arguments, call pipeline.service, format the result. Thin."""
from __future__ import annotations

import json
import sys
import traceback
from datetime import date, datetime
from pathlib import Path
from typing import Any, Optional

import typer

from .config import Settings
from .errors import UsageError, VanbanError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="vanban: đọc văn bản chỉ đạo, trích xuất nhiệm vụ, soạn dự thảo kế hoạch.")
agencies_app = typer.Typer(no_args_is_help=True, help="Danh mục cơ quan, đơn vị.")
templates_app = typer.Typer(no_args_is_help=True, help="Mẫu văn bản Word.")
app.add_typer(agencies_app, name="agencies")
app.add_typer(templates_app, name="templates")

_state: dict[str, Any] = {"debug": False, "settings": None}


@app.callback()
def _main(debug: bool = typer.Option(False, "--debug", help="In chi tiết lỗi (traceback)."),
          database_url: Optional[str] = typer.Option(None, "--database-url",
                                                     help="Cơ sở dữ liệu (mặc định sqlite:///outputs/vanban.db)."),
          config: Optional[str] = typer.Option(None, "--config", help="Tệp cấu hình TOML."),
          registry: Optional[list[str]] = typer.Option(None, "--registry",
                                                       help="Tệp danh mục cơ quan (YAML) bổ sung.")) -> None:
    _state["debug"] = debug
    _state["args"] = dict(database_url=database_url, config_file=config, registry=registry)


def _settings() -> Settings:
    if _state["settings"] is None:
        _state["settings"] = Settings.build(**_state.get("args", {}))
    return _state["settings"]


def _out(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _fail(e: VanbanError) -> None:
    if _state["debug"]:
        traceback.print_exc()
    typer.echo(f"Lỗi [{e.code}]: {e}", err=True)
    raise typer.Exit(e.exit_status)


def _date(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise UsageError(f"ngày “{s}” không đúng dạng YYYY-MM-DD") from None


def run(fn):
    """Call fn() and turn a VanbanError into a one-line message and its exit status."""
    try:
        return fn()
    except VanbanError as e:
        _fail(e)


# --- commands ------------------------------------------------------------------------

@app.command()
def analyze(file: Path = typer.Argument(..., help="Tệp văn bản (.pdf, .docx, .txt)."),
            as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON.")) -> None:
    """Phân tích một văn bản: thông tin chung, bố cục và các nhiệm vụ."""
    from . import service
    a = run(lambda: service.analyze_file(file, settings=_settings()))
    if as_json:
        _out(a.to_json())
        return
    md = a.doc.metadata
    typer.echo(f"Văn bản: {md.title or file.name}")
    typer.echo(f"Loại: {md.doc_type or '?'}  Số: {md.number_symbol or '(chưa rõ)'}  "
               f"Cơ quan ban hành: {md.issuer or '(chưa rõ)'}  Ngày: {md.issued_date or '(chưa rõ)'}")
    if md.references:
        typer.echo("Văn bản được viện dẫn: " + ", ".join(md.references))
    typer.echo(f"Số nhiệm vụ trích xuất: {len(a.obligations)}")
    kinds = {"task": "Nhiệm vụ", "report": "Báo cáo", "target": "Chỉ tiêu"}
    for o in a.obligations:
        lead = ", ".join(m.text for m in o.lead) or "—"
        due = o.deadline.due.strftime("%d/%m/%Y") if o.deadline.due else (o.deadline.text or "—")
        typer.echo(f"  [{o.section or '-'}] {kinds[o.kind]} | Chủ trì: {lead} | Thời hạn: {due}")
        typer.echo(f"      {o.text[:160]}")
        for why in o.review:
            typer.echo(f"      ⚠ Cần xem lại: {why}")


@app.command()
def ingest(files: list[Path] = typer.Argument(..., help="Một hoặc nhiều tệp văn bản.")) -> None:
    """Phân tích và lưu văn bản vào cơ sở dữ liệu (không lưu trùng)."""
    from . import service
    res = run(lambda: service.ingest_files(files, _settings(), now=datetime.now()))
    for r in res:
        state = "đã lưu" if r["created"] else "đã có sẵn"
        typer.echo(f"{r['file']}: {state} (mã {r['document_id']}, {r['obligations']} nhiệm vụ)")


@app.command()
def search(text: str = typer.Argument(..., help="Từ khóa (không cần dấu); lọc: kind:, lead:, status:, due<..., overdue."),
           as_json: bool = typer.Option(False, "--json"),
           limit: int = typer.Option(50, "--limit")) -> None:
    """Tìm nhiệm vụ đã lưu (không phân biệt dấu, đ = d)."""
    from . import service
    hits = run(lambda: service.search(text, _settings(), limit=limit, today=date.today()))
    if as_json:
        _out(hits)
        return
    if not hits:
        typer.echo("Không tìm thấy nhiệm vụ nào.")
        return
    for h in hits:
        typer.echo(f"[{h['doc_label']} {h['section']}] {', '.join(h['lead']) or '—'} | hạn {h['due'] or '—'}")
        typer.echo(f"    {h['text'][:160]}")


@app.command()
def plans(file: Path = typer.Argument(..., help="Văn bản chỉ đạo."),
          out: Path = typer.Option(Path("outputs"), "-o", "--out", help="Thư mục ghi dự thảo."),
          agency: Optional[str] = typer.Option(None, "--agency", help="Chỉ soạn cho cơ quan này."),
          year: Optional[int] = typer.Option(None, "--year", help="Năm ghi trên dự thảo."),
          form: Optional[str] = typer.Option(None, "--form", help="kh (kế hoạch) hoặc cv (công văn).")) -> None:
    """Soạn dự thảo kế hoạch (hoặc công văn) thực hiện cho từng cơ quan được giao việc."""
    from . import service
    res = run(lambda: service.draft_plans(file, out, today=date.today(), settings=_settings(),
                                          agency=agency, year=year, form=form))
    for p in res.files:
        typer.echo(f"{p.agency}: {p.obligations} nhiệm vụ -> {p.path}")
    typer.echo(f"Đã soạn {len(res.files)} dự thảo trong {res.folder}")


@app.command()
def plan(file: Path = typer.Argument(...),
         issuer: Optional[str] = typer.Option(None, "--issuer", help="Cơ quan ban hành kế hoạch."),
         out: Path = typer.Option(Path("outputs/ke-hoach-ban-hanh.docx"), "-o", "--out"),
         year: Optional[int] = typer.Option(None, "--year")) -> None:
    """Soạn kế hoạch triển khai của cơ quan ban hành, giao việc cho từng cơ quan."""
    from . import service
    p = run(lambda: service.draft_issuer_plan(file, out, today=date.today(), issuer=issuer,
                                              settings=_settings(), year=year))
    typer.echo(f"Đã soạn: {p}")


@app.command()
def register(files: list[Path] = typer.Argument(...),
             out: Path = typer.Option(Path("outputs/so-theo-doi-nhiem-vu.xlsx"), "-o", "--out")) -> None:
    """Lập sổ theo dõi nhiệm vụ (.xlsx), mỗi nhiệm vụ một dòng."""
    from . import service
    p = run(lambda: service.write_register(files, out, today=date.today(), settings=_settings()))
    typer.echo(f"Đã lập sổ theo dõi: {p}")


@app.command()
def export(file: Path = typer.Argument(...),
           ics: bool = typer.Option(False, "--ics", help="Xuất lịch iCalendar (.ics)."),
           out: Path = typer.Option(..., "-o", "--out")) -> None:
    """Xuất thời hạn các nhiệm vụ ra tệp lịch (.ics) để đưa vào Outlook/Google Calendar."""
    from . import service
    if not ics:
        _fail(UsageError("hãy chọn định dạng xuất, ví dụ --ics"))
    p, n = run(lambda: service.export_ics(file, out, _settings()))
    typer.echo(f"Đã xuất {n} thời hạn vào {p}")


@app.command("eval")
def eval_(texts: Path = typer.Option(..., "--texts", help="Thư mục văn bản <doc_id>.txt."),
          gold: Path = typer.Option(..., "--gold", help="Thư mục tệp gold <doc_id>.json."),
          as_json: bool = typer.Option(False, "--json"),
          prefer_originals: bool = typer.Option(False, "--prefer-originals",
                                                help="Đọc bản gốc .pdf/.docx nếu có.")) -> None:
    """Chấm điểm trích xuất so với bản chú giải (gold)."""
    from . import service
    r = run(lambda: service.evaluate(texts, gold, prefer_originals=prefer_originals))
    if as_json:
        _out(r)
        return
    m = r["micro"]
    o = m["obligations"]

    def f(x):
        return "—" if x is None else f"{x:.3f}"
    typer.echo(f"Văn bản chấm: {r['count']}" + (f" (thiếu văn bản: {', '.join(r['missing'])})" if r["missing"] else ""))
    typer.echo(f"Nhiệm vụ: P={f(o['precision'])} R={f(o['recall'])} F1={f(o['f1'])} "
               f"(khớp {o['tp']}, thừa {o['fp']}, thiếu {o['fn']})")
    typer.echo(f"Loại: {f(m['kind'])}  Chủ trì F1: {f(m['lead'])}  Phối hợp F1: {f(m['coordinators'])}  "
               f"Báo cáo về F1: {f(m['report_to'])}")
    typer.echo(f"Thời hạn: {f(m['due'])} (có ngày: {f(m['due_dated'])})  Lặp lại: {f(m['recurrence'])} "
               f"(có lặp: {f(m['recurrence_recurring'])})")
    typer.echo("Thông tin chung: " + "  ".join(f"{k}={f(v)}" for k, v in m["metadata"].items()))
    for bucket, label in (("hanoi_central", "Hà Nội và Trung ương"), ("other", "địa phương khác")):
        a = m.get("agencies", {}).get(bucket)
        if a and a["total"]:
            typer.echo(f"Cơ quan chủ trì/phối hợp trong gold ({label}): {a['total']} lượt; "
                       f"xác định được cơ quan {a['body_share']:.1%}, nhóm {a['group_share']:.1%}, "
                       f"chưa xác định {a['unresolved_share']:.1%} (trong đó mơ hồ {a['vague_share']:.1%}); "
                       f"tỷ lệ xác định (không tính mơ hồ) {a['resolved_share_specific']:.1%}")


@app.command()
def demo(corpus: Path = typer.Option(Path("corpora"), "--corpus"),
         out: Path = typer.Option(Path("outputs"), "--out")) -> None:
    """Chạy thử toàn bộ quy trình trên các văn bản mẫu."""
    from . import service
    r = run(lambda: service.demo(corpus, out, _settings(), now=datetime.now()))
    typer.echo(f"Đã xử lý {r['documents']} văn bản, trích xuất {r['obligations']} nhiệm vụ.")
    typer.echo(f"Đã soạn {len(r['plans'])} dự thảo kế hoạch/công văn của các cơ quan "
               f"và {len(r['issuer_plans'])} kế hoạch triển khai trong {r['out']}/")
    typer.echo(f"Sổ theo dõi nhiệm vụ: {r['register']}")
    typer.echo(f"Cơ sở dữ liệu: {r['database']}")


# --- agencies -------------------------------------------------------------------------

@agencies_app.command("list")
def agencies_list(on: Optional[str] = typer.Option(None, "--on", help="Ngày (YYYY-MM-DD)."),
                  type_: Optional[str] = typer.Option(None, "--type", help="Loại cơ quan."),
                  jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", help="hanoi, central, ..."),
                  as_json: bool = typer.Option(False, "--json")) -> None:
    """Liệt kê cơ quan trong danh mục (theo ngày, loại)."""
    from . import service
    items = run(lambda: service.list_agencies(_settings(), on=_date(on), type=type_, jurisdiction=jurisdiction))
    if as_json:
        _out([{"id": a.id, "name": a.canonical, "type": a.type, "jurisdiction": a.jurisdiction} for a in items])
        return
    for a in items:
        typer.echo(f"{a.id}\t{a.canonical}\t{a.type}")
    typer.echo(f"Tổng: {len(items)} cơ quan")


@agencies_app.command("resolve")
def agencies_resolve(text: str = typer.Argument(...),
                     on: Optional[str] = typer.Option(None, "--on"),
                     issuer: Optional[str] = typer.Option(None, "--issuer", help="Cơ quan ban hành văn bản."),
                     as_json: bool = typer.Option(False, "--json")) -> None:
    """Xác định cơ quan được nhắc tới trong văn bản."""
    from . import service
    r = run(lambda: service.resolve_agency(text, _settings(), on=_date(on), issuer=issuer))
    payload = {"mention": r.mention, "kind": r.kind, "rule": r.rule, "score": r.score,
               "agency": r.agency.id if r.agency else None,
               "name": r.agency.canonical if r.agency else None,
               "original": r.original.id if r.original else None,
               "members": [m.id for m in r.members]}
    if as_json:
        _out(payload)
        return
    kinds = {"body": "cơ quan", "group": "nhóm", "unresolved": "chưa xác định"}
    typer.echo(f"{text} -> {kinds[r.kind]}: {payload['name'] or '—'} ({r.rule})")
    if r.members:
        typer.echo(f"  gồm {len(r.members)} cơ quan: " + ", ".join(m.canonical for m in r.members))


# --- templates ------------------------------------------------------------------------

@templates_app.command("check")
def templates_check(folder: Path = typer.Option(None, "--dir")) -> None:
    """Kiểm tra các mẫu: biến chưa khai báo, biến thừa, thẻ bị tách."""
    from .generate.render import lint_template
    folder = folder or _settings().templates
    if not folder.is_dir():
        _fail(UsageError(f"không tìm thấy thư mục mẫu: {folder}"))
    errors = 0
    for t in sorted(folder.glob("*.docx")):
        issues = run(lambda t=t: lint_template(t))
        errors += sum(i.severity == "error" for i in issues)
        for i in issues:
            typer.echo(f"{t.name}: [{_LEVEL.get(i.severity, i.severity)}] {i.message} ({i.where})")
        if not issues:
            typer.echo(f"{t.name}: đạt")
    if errors:
        raise typer.Exit(1)


_LEVEL = {"error": "lỗi", "warning": "cảnh báo", "info": "ghi chú"}


@app.command()
def render(template: Path = typer.Argument(...), context: Path = typer.Argument(...),
           out: Path = typer.Option(..., "-o", "--out")) -> None:
    """Điền một mẫu với dữ liệu JSON để xem trước."""
    from .generate.render import load_json, render_docx
    p = run(lambda: render_docx(template, load_json(context), out))
    typer.echo(f"Đã tạo: {p}")


@app.command("check-format")
def check_format(file: Path = typer.Argument(...), as_json: bool = typer.Option(False, "--json")) -> None:
    """Kiểm tra thể thức văn bản .docx theo Nghị định 30/2020/NĐ-CP."""
    from .generate.nd30_check import check_format as _check
    findings = run(lambda: _check(file))
    errors = sum(f.severity == "error" for f in findings)
    if as_json:
        _out([f.to_json() for f in findings])
    else:
        for f in findings:
            typer.echo(f"[{f.code}] {_LEVEL.get(f.severity, f.severity)}: {f.message}"
                       + (f" — {f.where}" if f.where else ""))
        typer.echo(f"Chưa đạt thể thức: {errors} lỗi." if errors else
                   "Đạt thể thức" + (f" ({len(findings)} cảnh báo/ghi chú)." if findings else "."))
    if errors:
        raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except VanbanError as e:  # raised outside a command body
        typer.echo(f"Lỗi [{e.code}]: {e}", err=True)
        sys.exit(e.exit_status)


if __name__ == "__main__":
    main()

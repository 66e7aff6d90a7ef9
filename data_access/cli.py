"""The command line: python -m data_access [--database-url URL] COMMAND."""

from __future__ import annotations

import argparse
import csv
import getpass
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from data_access import queries
from data_access.approval import ApprovalComparison, approval_comparison
from data_access.db import make_engine, transaction
from data_access.editions import default_edition_code
from data_access.formatting import format_datetime, iso_minutes, plain_decimal, plain_percent
from data_access.migrate import upgrade
from data_access.participation import Participation
from data_access.reports import ProgressReport, participation_for, progress_for, ranking_for
from data_access.scoring import Ranking
from data_access.settings import Settings

RESULTS_COLUMNS = [
    "rank",
    "code",
    "title",
    "unit_code",
    "proposal_score",
    "presentation_score",
    "final_score",
    "finalist",
    "tie",
]


NO_EDITION = (
    "Belum ada edisi; jalankan `demo` atau `import` / no edition yet; run `demo` or `import`"
)
# The help text of --edition where the command only reads, and where it changes an edition.
READ_EDITION_HELP = (
    "kode edisi; bawaan: edisi yang upacaranya berjalan, lalu yang disetujui, lalu yang "
    "terbaru / edition code; default: the edition whose reveal is under way, else an "
    "approved one, else the newest"
)
WRITE_EDITION_HELP = (
    "kode edisi; wajib bila ada beberapa edisi / edition code; required when the database "
    "holds several editions"
)


class CliError(Exception):
    """A failure to report to the user in both languages, without a traceback."""


def _table(rows: list[dict[str, object]]) -> str:
    """Return rows as an aligned plain-text table."""
    if not rows:
        return "(kosong / empty)"
    columns = list(rows[0])
    cells = [[("" if row[c] is None else str(row[c])) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(line.rstrip() for line in lines)


def results_rows(result: Ranking) -> list[dict[str, str]]:
    """Return the ranking as rows with exactly the CSV contract's columns."""
    return [
        {
            "rank": "" if r.rank is None else str(r.rank),
            "code": r.code,
            "title": r.title,
            "unit_code": r.unit_code,
            "proposal_score": plain_decimal(r.proposal_score),
            "presentation_score": plain_decimal(r.presentation_score),
            "final_score": plain_decimal(r.final_score),
            "finalist": "1" if r.finalist else "0",
            "tie": "1" if r.tie else "0",
        }
        for r in result.rows
    ]


def format_results(result: Ranking, fmt: str) -> str:
    """Render the ranking as csv, json or a table."""
    rows = results_rows(result)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=RESULTS_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    if fmt == "json":
        extras = {r.code: {"tier": r.tier, "award": r.award} for r in result.rows}
        return json.dumps(
            {
                "awards_decided": result.awards_decided,
                "normalization": result.normalization,
                "rows": [row | extras[row["code"]] for row in rows],
            },
            ensure_ascii=False,
            indent=2,
        )
    table = [
        {**row, "tier": r.tier, "award": r.award or ""}
        for row, r in zip(rows, result.rows, strict=True)
    ]
    return _table(table)


def format_progress(report: ProgressReport) -> str:
    """Render judging progress as plain-text tables."""
    parts = ["Progres per tahap / progress per stage"]
    parts.append(
        _table(
            [
                {
                    "stage": s.stage,
                    "expected": s.expected,
                    "complete": s.complete,
                    "partial": s.partial,
                    "missing": s.missing,
                    "abstained": s.abstained,
                    "unexpected": s.unexpected,
                    "progress": plain_percent(s.ratio),
                }
                for s in report.stages
            ]
        )
    )
    parts.append("\nProgres per juri / progress per juror")
    parts.append(
        _table(
            [
                {
                    "stage": j.stage,
                    "juror": j.code,
                    "name": j.name,
                    "group": j.group,
                    "assigned": j.assigned,
                    "complete": j.complete,
                    "partial": j.partial,
                    "abstained": j.abstained,
                    "last_score": iso_minutes(j.last_scored_at, report.timezone),
                    "progress": plain_percent(j.ratio),
                }
                for j in report.jurors
            ]
        )
    )
    parts.append("\nCakupan kelompok juri / jury group coverage")
    coverage_rows = []
    for stage in dict.fromkeys(c.stage for c in report.coverage):
        rows = [c for c in report.coverage if c.stage == stage]
        coverage_rows.append(
            {
                "stage": stage,
                "innovations": len(rows),
                "covered_by_every_group": sum(c.covered for c in rows),
            }
        )
    parts.append(_table(coverage_rows))
    parts.append("\nLaju penilaian / pace")
    parts.append(
        _table(
            [
                {
                    "stage": p.stage,
                    "sheets_per_day": plain_decimal(p.per_day),
                    "days_elapsed": plain_decimal(p.days_elapsed),
                    "remaining": p.remaining,
                    "projected_end": p.projected_end,
                    "window_end": p.window_end,
                    "behind": "1" if p.behind else "0",
                }
                for p in report.pace
            ]
        )
    )
    if report.normalization:
        parts.append("\nNormalisasi z-score aktif / z-score normalisation is on")
    return "\n".join(parts)


def format_participation(result: Participation) -> str:
    """Render OPD participation as a plain-text table with the rate."""
    table = _table(
        [
            {
                "code": r.code,
                "opd": r.short_name or r.name,
                "kind": r.kind,
                "status": "sudah" if r.has_submitted else "belum",
                "submitted": r.submitted,
                "from_sub_units": r.from_sub_units,
                "passed": r.passed,
                "finalists": r.finalists,
                "late": r.late,
                "first_submission": iso_minutes(r.first_submitted_at, result.timezone),
            }
            for r in result.rows
        ]
    )
    summary = (
        f"\nPartisipasi / participation: {result.participating}/{result.required} OPD "
        f"({plain_percent(result.rate)})"
    )
    if result.unattributed:
        summary += f"; {result.unattributed} inovasi tanpa OPD wajib / without a required OPD"
    return table + summary


# ---------------------------------------------------------------- commands


def _edition_code(engine: Engine, code: str | None) -> str:
    """Return the named edition, else the default one (data_access.editions): for reading."""
    if code:
        return code
    with transaction(engine) as session:
        found = default_edition_code(session)
        several = len(queries.list_edition_codes(session)) > 1
    if found is None:
        raise CliError(NO_EDITION)
    if several:  # on stderr: stdout stays exactly the CSV or JSON asked for
        print(f"Edisi / edition: {found} (bawaan / default)", file=sys.stderr)
    return found


def _only_edition_code(engine: Engine, code: str | None) -> str:
    """Return the named edition, else the only one: for commands that change an edition."""
    if code:
        return code
    with transaction(engine) as session:
        codes = queries.list_edition_codes(session)
    if len(codes) == 1:
        return codes[0]
    if not codes:
        raise CliError(NO_EDITION)
    raise CliError(
        "Pilih edisi dengan --edition / choose an edition with --edition: " + ", ".join(codes)
    )


def cmd_init(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    upgrade(engine)
    print("Basis data siap / database ready")
    return 0


def cmd_demo(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    from data_access.demo import DEMO_CODE, demo_exists, load_demo

    upgrade(engine)
    if demo_exists(engine):
        if args.if_missing:
            print(f"Edisi demo sudah ada / demo edition already loaded: {DEMO_CODE}")
            return 0
        raise CliError(f"Edisi demo sudah ada / demo edition already exists: {DEMO_CODE}")
    code = load_demo(engine)
    print(f"Edisi demo dimuat / demo edition loaded: {code}")
    return 0


def approval_lines(comparison: ApprovalComparison, *, live_detail: bool = True) -> list[str]:
    """Return the approval as the command line prints it: when, by whom, winners, differences."""
    from data_access.exports.approval_text import place_lines, score_lines, winner_lines

    moment = format_datetime(comparison.approved_at, tz=comparison.timezone)
    lines = [
        f"Hasil disetujui / results approved: {moment} oleh/by {comparison.approved_by or '-'} "
        f"(SHA-256 {comparison.hash[:12]})",
        *(f"  {line}" for line in winner_lines(comparison)),
    ]
    if not comparison.differs:
        lines.append(
            "Data terkini sama dengan hasil yang disetujui / the live data match the approval"
        )
        return lines
    lines.append(
        "PERHATIAN: data terkini berbeda sejak persetujuan / "
        "WARNING: the live data differ since the approval"
    )
    if live_detail:
        lines += [f"  {line}" for line in (*place_lines(comparison), *score_lines(comparison))]
    return lines


def cmd_import(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    from data_access.importing import ApprovalNotConfirmed, ImportFailed, import_path

    try:
        report = import_path(
            engine,
            Path(args.path),
            edition_code=args.edition,
            max_bytes=args.max_bytes or settings.import_max_bytes,
            progress=sys.stderr.isatty(),
            confirm_approved=args.confirm_approved,
        )
    except ApprovalNotConfirmed as refused:
        print(
            "Impor dibatalkan, tidak ada yang diubah / import refused, nothing changed: "
            "edisi sudah disetujui / the edition is approved",
            file=sys.stderr,
        )
        print(f"  {refused.errors[0]}", file=sys.stderr)
        print("  Untuk tetap mengimpor / to import anyway: --confirm-approved", file=sys.stderr)
        return 1
    except ImportFailed as failure:
        print(
            f"Impor dibatalkan, tidak ada yang diubah / import refused, nothing changed: "
            f"{len(failure.errors)} kesalahan / errors",
            file=sys.stderr,
        )
        for error in failure.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    for name, counts in report.counts.items():
        summary = ", ".join(f"{key} {value}" for key, value in counts.items())
        print(f"{name}: {summary}")
    print(f"Impor selesai / import done: {report.edition_code or '-'}")
    if report.approval is not None:
        for line in approval_lines(report.approval):
            print(line)
    return 0


def cmd_results(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    code = _edition_code(engine, args.edition)
    with transaction(engine) as session:
        result = ranking_for(session, code)
        comparison = approval_comparison(session, code, ranking=result)
    if comparison is not None:
        # On stderr: the ranking's CSV and JSON on stdout keep their exact shape.
        for line in approval_lines(comparison):
            print(line, file=sys.stderr)
        print(
            "Peringkat di bawah adalah data terkini / the ranking below is the live one",
            file=sys.stderr,
        )
    print(format_results(result, args.format))
    return 0


def cmd_progress(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    code = _edition_code(engine, args.edition)
    with transaction(engine) as session:
        report = progress_for(session, code)
    print(format_progress(report))
    return 0


def cmd_participation(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    code = _edition_code(engine, args.edition)
    with transaction(engine) as session:
        result = participation_for(session, code)
    print(format_participation(result))
    return 0


def cmd_simulate(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    from data_access.demo import DEMO_CODE
    from data_access.simulate import simulate

    code = args.edition or DEMO_CODE
    with transaction(engine) as session:
        queries.get_edition(session, code)
    print(
        f"Simulasi juri pada edisi {code}; Ctrl-C untuk berhenti / "
        f"rehearsal jury on edition {code}; Ctrl-C to stop",
        flush=True,
    )
    written = simulate(
        engine,
        code,
        speed=args.speed,
        max_sheets=args.max_sheets,
        seed=args.seed,
        out=lambda line: print(line, flush=True),
        **({"sleep": lambda _seconds: None} if args.finish else {}),
    )
    print(f"{written} lembar dinilai / sheets scored")
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_env:
        password = os.environ.get(args.password_env)
        if password is None:
            raise CliError(
                f"Variabel {args.password_env} tidak ada / variable {args.password_env} is not set"
            )
        return password
    if not sys.stdin.isatty():
        raise CliError(
            "Tidak ada terminal untuk menanyakan kata sandi; pakai --password-env VAR / "
            "no terminal to ask for the password; use --password-env VAR"
        )
    first = getpass.getpass("Kata sandi / password: ")
    if getpass.getpass("Ulangi / repeat: ") != first:
        raise CliError("Kata sandi tidak sama / passwords differ")
    return first


def cmd_users(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    from data_access.users import UserError, add_user, list_users, remove_user

    upgrade(engine)
    try:
        if args.users_command == "add":
            password = _password(args)
            with transaction(engine) as session:
                account = add_user(session, args.name, password, args.role)
            print(f"Pengguna ditambahkan / user added: {account.username} ({account.role})")
        elif args.users_command == "remove":
            with transaction(engine) as session:
                remove_user(session, args.name)
            print(f"Pengguna dihapus / user removed: {args.name}")
        else:
            with transaction(engine) as session:
                accounts = list_users(session)
            print(
                _table(
                    [
                        {
                            "username": a.username,
                            "role": a.role,
                            "created": iso_minutes(a.created_at),
                        }
                        for a in accounts
                    ]
                )
            )
    except UserError as exc:
        raise CliError(str(exc)) from exc
    return 0


def cmd_kiosk(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    from data_access.kiosks import (
        KioskError,
        create_token,
        kiosk_url,
        list_screens,
        revoke,
        screen_for_token,
    )

    upgrade(engine)
    try:
        if args.token_command == "create":
            with transaction(engine) as session:
                token = create_token(session, args.name, args.edition)
                screen = screen_for_token(session, token)
            print(f"Layar didaftarkan / screen registered: {args.name.strip()}")
            if screen is not None and screen.bound_edition:
                print(f"Edisi layar / the screen's edition: {screen.bound_edition}")
            else:
                print(
                    "Belum ada edisi: layar mengikuti edisi bawaan / "
                    "no edition yet: the screen follows the default edition"
                )
            print(
                "Buka alamat ini di layar upacara; token hanya ditampilkan sekarang / "
                "open this path on the ceremony screen; the token is shown only now:"
            )
            print(kiosk_url(token))
        elif args.token_command == "revoke":
            with transaction(engine) as session:
                revoke(session, args.name)
            print(f"Token dicabut / token revoked: {args.name.strip()}")
        else:
            with transaction(engine) as session:
                screens = list_screens(session)
            print(
                _table(
                    [
                        {
                            "name": screen.name,
                            "created": iso_minutes(screen.created_at),
                            "last_seen": iso_minutes(screen.last_seen_at),
                            "edition": screen.edition_code or "",
                            "shown": screen.shown,
                            # The edition the token belongs to ("edition" is the one shown last).
                            "token_edition": screen.bound_edition or "(bawaan / default)",
                        }
                        for screen in screens
                    ]
                )
                if screens
                else "Belum ada layar / no screen yet"
            )
    except KioskError as exc:
        raise CliError(str(exc)) from exc
    return 0


STEP_NAMES = {
    "rotation": "rotasi slide / slide rotation",
    "splash": "pembuka / splash",
    "award-3": "Juara III",
    "award-2": "Juara II",
    "award-1": "Juara I",
    "all": "ketiga juara / all three",
}


APPROVAL_ACTIONS = {
    "approve": "setujui / approve",
    "reapprove": "setujui ulang / re-approve",
    "cancel": "batalkan / cancel",
}


def _short(value: str | None) -> str:
    return value[:12] if value else "-"


def _print_approval_history(history) -> None:
    print("approval_history:" + ("" if history else " -"))
    for entry in history:
        print(
            f"  {iso_minutes(entry.at)} WIB  "
            f"{APPROVAL_ACTIONS.get(entry.action, entry.action)}  by {entry.by}  "
            f"{_short(entry.old_hash)} -> {_short(entry.new_hash)}"
        )


def _print_ceremony(state) -> None:
    snapshot = state.snapshot
    print(f"edition: {state.edition_code}")
    print(f"step: {state.step} ({STEP_NAMES.get(state.step, state.step)})")
    print(f"next: {state.next_step or '-'}")
    print(f"steps: {' -> '.join(state.steps)}")
    print(f"revision: {state.revision}")
    if snapshot is None:
        print("approved: no / belum disetujui")
    else:
        print(f"approved: {iso_minutes(snapshot.approved_at)} by {snapshot.approved_by}")
        print(f"snapshot_hash: {snapshot.hash}")
        print(f"data_version: {snapshot.data_version}")
    # Once a winner has been on screen the approval can no longer change (not even after reset).
    locked = iso_minutes(state.locked_at) if state.locked_at else "no / belum"
    print(f"approval_locked: {locked}")


def cmd_ceremony(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    from data_access import ceremony
    from data_access.approval_log import approval_history

    upgrade(engine)
    # Only `status` may fall back to the default edition: the others change an edition, so
    # a wrong guess would move or approve another ceremony.
    if args.ceremony_command == "status":
        code = _edition_code(engine, args.edition)
    else:
        code = _only_edition_code(engine, args.edition)
    by = args.by or os.environ.get("USER", "") or "cli"
    try:
        with transaction(engine) as session:
            action = args.ceremony_command
            if action == "approve":
                snapshot = ceremony.approve(session, code, by=by, again=args.again)
                print(
                    (
                        "Hasil disetujui ulang / results approved again"
                        if args.again
                        else "Hasil disetujui / results approved"
                    )
                    + f": {code}, {iso_minutes(snapshot.approved_at)}"
                )
                state = ceremony.get_state(session, code)
            elif action == "cancel-approval":
                state = ceremony.cancel_approval(session, code, by=by)
                print(f"Persetujuan dibatalkan / approval cancelled: {code}")
            elif action in ceremony.MOVES:  # next, back, reset
                state = ceremony.move(session, code, action, by=by)
            elif action == "settings":
                state = ceremony.get_state(session, code)
                current = state.settings
                slides = ceremony.parse_slides(args.slides) if args.slides else current.slides
                prizes = dict(current.prizes)
                for level, text in ((1, args.prize_1), (2, args.prize_2), (3, args.prize_3)):
                    if text is not None:
                        prizes[level] = text.strip()
                new = ceremony.CeremonySettings(
                    slides=slides,
                    show_score=current.show_score if args.show_score is None else args.show_score,
                    prizes=prizes,
                    ceremony_time=ceremony.validate_ceremony_time(args.ceremony_time)
                    if args.ceremony_time
                    else current.ceremony_time,
                )
                state = ceremony.save_settings(session, code, new, by=by)
                print(f"slides: {ceremony.slides_spec(new.slides)}")
                print(f"show_score: {'yes' if new.show_score else 'no'}")
                print(f"ceremony_time: {new.ceremony_time}")
                for level in ceremony.AWARD_LEVELS:
                    print(f"prize_{level}: {new.prizes[level]}")
            elif action == "photo":
                ceremony.set_photo(session, code, args.innovation, Path(args.file).read_bytes())
                print(f"Foto disimpan / photo saved: {args.innovation}")
                return 0
            else:
                state = ceremony.get_state(session, code)
            history = approval_history(session, code) if action == "status" else None
    except ceremony.AlreadyApproved as exc:
        raise CliError(
            f"Hasil edisi {code} sudah disetujui. Untuk menyetujui ulang (tercatat): "
            f"ceremony approve --again --edition {code} / "
            f"The results of edition {code} are already approved. To approve them again "
            f"(recorded): ceremony approve --again --edition {code}"
        ) from exc
    except ceremony.CeremonyError as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        raise CliError(f"Berkas tidak terbaca / cannot read file: {exc}") from exc
    _print_ceremony(state)
    if history is not None:
        _print_approval_history(history)
    return 0


def cmd_export(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    from data_access.exports import ExportError, export_bytes

    code = _edition_code(engine, args.edition)
    try:
        with transaction(engine) as session:
            export = export_bytes(
                session, code, args.format, juror_scores=args.juror_scores, table=args.table
            )
    except ExportError as exc:
        raise CliError(str(exc)) from exc
    out = Path(args.out)
    try:
        out.write_bytes(export.data)
    except OSError as exc:
        raise CliError(f"Berkas tidak dapat ditulis / cannot write file: {exc}") from exc
    print(
        f"Ekspor ditulis / export written: {out} ({len(export.data)} bytes, "
        f"{export.content_type}); versi data / data version {export.data_version}"
    )
    if export.approval is not None and export.approval.comparison is not None:
        # On stderr, like `results`: what the file states about the approval.
        for line in approval_lines(export.approval.comparison):
            print(line, file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m data_access",
        description="KIPP Live: basis data nilai / the scores database",
        epilog="Tanpa --edition, perintah yang hanya membaca (results, progress, "
        "participation, ceremony status, export) memakai edisi bawaan: yang upacaranya "
        "berjalan, lalu yang disetujui, lalu yang terbaru; perintah yang mengubah edisi "
        "(ceremony approve/next/back/reset/settings/photo, kiosk token create) memakai "
        "satu-satunya edisi, atau meminta --edition. / Without --edition, read-only commands "
        "use the default edition: the one whose reveal is under way, else an approved one, "
        "else the newest; commands that change an edition use the only edition, or ask for "
        "--edition.",
    )
    parser.add_argument("--database-url", help="default: $DATABASE_URL or instance/kipp.sqlite3")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="buat atau migrasi basis data / create or migrate the database")
    demo = sub.add_parser("demo", help="muat edisi demo / load the demo edition")
    demo.add_argument("--if-missing", action="store_true", help="do nothing if already loaded")
    imp = sub.add_parser("import", help="impor folder CSV atau .xlsx / import CSVs or a workbook")
    imp.add_argument("path")
    imp.add_argument("--edition", help="edition code when the import has no edition.csv")
    imp.add_argument("--max-bytes", type=int, help="file size limit (default 20 MB)")
    imp.add_argument(
        "--confirm-approved",
        action="store_true",
        help="tetap impor ke edisi yang hasilnya sudah disetujui / "
        "import into an edition whose results are approved",
    )
    for name, text in (
        ("results", "peringkat / the ranking"),
        ("progress", "progres penilaian / judging progress"),
        ("participation", "partisipasi OPD / OPD participation"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("--edition", help=READ_EDITION_HELP)
        if name == "results":
            command.add_argument("--format", choices=["csv", "json", "table"], default="table")
    sim = sub.add_parser("simulate", help="juri latihan / a rehearsal jury")
    sim.add_argument("--edition", help="default: the demo edition")
    sim.add_argument("--speed", type=float, default=1.0, help="1 = one sheet every 3 s")
    sim.add_argument("--max-sheets", type=int, help="stop after this many sheets")
    sim.add_argument("--seed", type=int)
    sim.add_argument(
        "--finish", action="store_true", help="selesaikan semua tanpa jeda / finish without pauses"
    )
    users = sub.add_parser("users", help="pengguna dasbor / dashboard users")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    add = users_sub.add_parser("add", help="tambah pengguna / add a user")
    add.add_argument("name")
    # Checked by add_user, which answers in both languages (argparse's choices would not).
    add.add_argument("--role", required=True, help="admin, viewer or bupati")
    add.add_argument("--password-env", metavar="VAR", help="read the password from $VAR")
    users_sub.add_parser("list", help="daftar pengguna / list users")
    remove = users_sub.add_parser("remove", help="hapus pengguna / remove a user")
    remove.add_argument("name")

    kiosk = sub.add_parser("kiosk", help="layar upacara / ceremony screens")
    kiosk_sub = kiosk.add_subparsers(dest="kiosk_command", required=True)
    token = kiosk_sub.add_parser("token", help="token layar / display tokens")
    token_sub = token.add_subparsers(dest="token_command", required=True)
    create = token_sub.add_parser(
        "create",
        help="daftarkan layar sebuah edisi / register a screen of one edition",
        description="Layar menampilkan edisinya, apa pun yang diimpor kemudian / "
        "the screen shows its edition, whatever is imported later.",
    )
    create.add_argument("name")
    create.add_argument(
        "--edition",
        help="edisi layar; wajib bila ada beberapa edisi / the screen's edition; "
        "required when the database holds several editions",
    )
    token_sub.add_parser("list", help="daftar layar / list screens")
    revoke = token_sub.add_parser("revoke", help="cabut token / revoke a token")
    revoke.add_argument("name")

    cer = sub.add_parser("ceremony", help="upacara penghargaan / the award ceremony")
    cer_sub = cer.add_subparsers(dest="ceremony_command", required=True)
    for name, text in (
        ("status", "keadaan / where the reveal stands"),
        ("approve", "setujui hasil / approve the results (freeze the ranking)"),
        (
            "cancel-approval",
            "batalkan persetujuan sebelum pengumuman / cancel the approval before the reveal",
        ),
        ("next", "langkah berikutnya / next step"),
        ("back", "langkah sebelumnya / previous step"),
        ("reset", "kembali ke rotasi slide / back to the slide rotation"),
        ("settings", "pengaturan layar / screen settings"),
        ("photo", "foto inovasi / an innovation's photo"),
    ):
        command = cer_sub.add_parser(name, help=text)
        command.add_argument(
            "--edition", help=READ_EDITION_HELP if name == "status" else WRITE_EDITION_HELP
        )
        command.add_argument("--by", help="who acts (default: $USER)")
        if name == "settings":
            command.add_argument("--slides", help="e.g. progress:20,participation:15,finalists:20")
            command.add_argument(
                "--show-score", dest="show_score", action="store_true", default=None
            )
            command.add_argument("--hide-score", dest="show_score", action="store_false")
            command.add_argument("--ceremony-time", help="HH:MM WIB (default 09:00)")
            for level in (1, 2, 3):
                command.add_argument(f"--prize-{level}", help=f"hadiah / prize of Juara {level}")
        if name == "approve":
            command.add_argument(
                "--again",
                action="store_true",
                help="setujui ulang hasil yang sudah disetujui (tercatat) / "
                "approve approved results again (recorded)",
            )
        if name == "photo":
            command.add_argument("--innovation", required=True, help="innovation code")
            command.add_argument("file", help="JPEG, PNG or WebP, at most 5 MB")
    exp = sub.add_parser("export", help="ekspor resmi / official exports (xlsx, csv, pdf)")
    exp.add_argument("--edition", help=READ_EDITION_HELP)
    exp.add_argument("--format", required=True, choices=["xlsx", "csv", "pdf"])
    exp.add_argument("--out", required=True, metavar="FILE", help="where to write the file")
    exp.add_argument(
        "--table",
        metavar="KEY",
        help="csv: hanya satu tabel / one table only (ranking, participation, progress, "
        "jurors_progress, juror_scores)",
    )
    exp.add_argument(
        "--juror-scores",
        action="store_true",
        help="sertakan nilai per juri / include juror-level scores",
    )
    return parser


COMMANDS = {
    "init": cmd_init,
    "demo": cmd_demo,
    "import": cmd_import,
    "results": cmd_results,
    "progress": cmd_progress,
    "participation": cmd_participation,
    "simulate": cmd_simulate,
    "users": cmd_users,
    "kiosk": cmd_kiosk,
    "ceremony": cmd_ceremony,
    "export": cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    engine = make_engine(args.database_url or settings.database_url)
    try:
        return COMMANDS[args.command](engine, args, settings)
    except (CliError, queries.EditionNotFound, ValueError) as exc:
        print(f"Galat / error: {exc}", file=sys.stderr)
        return 1
    except (OperationalError, ProgrammingError) as exc:
        print(
            "Galat basis data; sudah menjalankan `init`? / database error; did you run `init`?\n"
            f"  {exc.orig}",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("Dihentikan / stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        engine.dispose()

"""Property test: rank() agrees with a small independent reference of SCORING.md on random editions.

The reference below is written from the spec text with exact Fractions; it shares no code with
data_access/scoring/. Normalisation uses the population standard deviation (SCORING.md does not
say which; the implementation's choice).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_access.scoring import (
    AssignmentRow,
    EditionRules,
    InnovationRow,
    SheetRow,
    StageRules,
    rank,
)

WEIGHTS = {
    "proposal": [0, 10, 15, 5, 30, 20, 5, 15],  # SCORING.md table, in bobot
    "presentation": [70, 30],
}
STATUSES = ["lolos", "lolos", "lolos", "tidak_lolos", "menunggu"]
# A few scores that make exact halves and ties likely, plus anything from 0 to 100.
SCORES = st.one_of(
    st.sampled_from([0, 10000, 7075, 7120, 8000, 5000, 5001, 6999, 7001]),
    st.integers(0, 10000),
)


@dataclass(frozen=True)
class Case:
    """One random edition: rules, innovations, assignments and per-criterion sheets."""

    weights: tuple[int, int]
    finalist_count: int
    normalization: bool
    statuses: tuple[str, ...]
    assignments: tuple[AssignmentRow, ...]
    sheets: tuple[tuple[str, int, int, tuple[int, ...]], ...]  # stage, juror, inn, score centi


@st.composite
def cases(draw) -> Case:
    """Draw a small edition with mixed statuses, partial sheets, assignments and abstentions."""
    n_inn = draw(st.integers(1, 5))
    jurors = range(1, draw(st.integers(1, 3)) + 1)
    statuses = tuple(draw(st.sampled_from(STATUSES)) for _ in range(n_inn))
    assignments = []
    sheets = []
    for stage, weights in WEIGHTS.items():
        explicit = draw(st.booleans())
        for juror in jurors:
            for inn in range(1, n_inn + 1):
                if explicit:
                    kind = draw(st.sampled_from(["none", "assigned", "assigned", "abstain"]))
                    if kind != "none":
                        assignments.append(AssignmentRow(stage, juror, inn, kind == "abstain"))
                filled = draw(st.sampled_from(["none", "complete", "complete", "partial"]))
                if filled == "none":
                    continue
                scores = draw(st.lists(SCORES, min_size=len(weights), max_size=len(weights)))
                if filled == "partial":
                    scores = scores[: draw(st.integers(1, len(weights) - 1))]
                sheets.append((stage, juror, inn, tuple(scores)))
    return Case(
        weights=draw(st.sampled_from([(4000, 6000), (5000, 5000), (3000, 7000), (1250, 8750)])),
        finalist_count=draw(st.integers(0, 4)),
        normalization=draw(st.booleans()),
        statuses=statuses,
        assignments=tuple(assignments),
        sheets=tuple(sheets),
    )


# ---------------------------------------------------------------- the reference


def round2(value: Fraction) -> Fraction:
    """Round half-up to hundredths, exactly."""
    return Fraction(math.floor(value * 100 + Fraction(1, 2)), 100)


def normalise(xs: list[Fraction]) -> list[Fraction]:
    """Return 50 + 10 (x − mean)/sd per value with population sd, each rounded half-up."""
    mean = sum(xs) / len(xs)
    var = sum((x - mean) ** 2 for x in xs) / len(xs)
    num, den = var.numerator, var.denominator
    if math.isqrt(num) ** 2 == num and math.isqrt(den) ** 2 == den:
        sd = Fraction(math.isqrt(num), math.isqrt(den))
        return [round2(50 + 10 * (x - mean) / sd) for x in xs]
    with localcontext() as ctx:  # irrational sd: never exactly on a boundary
        ctx.prec = 80
        sd_dec = Decimal(num).sqrt() / Decimal(den).sqrt()
        out = []
        for x in xs:
            d = x - mean
            v = 50 + 10 * (Decimal(d.numerator) / Decimal(d.denominator)) / sd_dec
            out.append(Fraction(v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)))
        return out


def reference(case: Case) -> dict:
    """Compute SCORING.md's ranking for a case, straight from the spec text."""
    ids = range(1, len(case.statuses) + 1)
    eligible = {i for i in ids if case.statuses[i - 1] == "lolos"}
    finalists = {a.innovation_id for a in case.assignments if a.stage == "presentation"}
    finalists |= {inn for stage, _j, inn, sc in case.sheets if stage == "presentation" and sc}
    finalists &= eligible
    stage_innovations = {"proposal": eligible, "presentation": finalists}

    counted: dict[tuple[str, int], list[tuple[int, Fraction]]] = {}
    for stage, juror, inn, scores in case.sheets:
        weights = WEIGHTS[stage]
        if inn not in stage_innovations[stage] or len(scores) < len(weights):
            continue
        listed = {
            (a.juror_id, a.innovation_id): a.abstain for a in case.assignments if a.stage == stage
        }
        if listed and listed.get((juror, inn), True):  # unassigned or abstaining: ignored
            continue
        exact = sum(Fraction(w * s, 100) for w, s in zip(weights, scores, strict=True))
        value = round2(exact / sum(weights))
        counted.setdefault((stage, juror), []).append((inn, value))

    per_stage: dict[str, dict[int, list[Fraction]]] = {"proposal": {}, "presentation": {}}
    for (stage, _juror), items in counted.items():
        values = [v for _i, v in items]
        if case.normalization and len(values) >= 3 and len(set(values)) > 1:
            values = normalise(values)
        for (inn, _raw), value in zip(items, values, strict=True):
            per_stage[stage].setdefault(inn, []).append(value)
    stage_score = {
        stage: {i: round2(sum(v) / len(v)) for i, v in per.items()}
        for stage, per in per_stage.items()
    }

    wp, wq = case.weights
    rows = {}
    for i in sorted(eligible):
        p = stage_score["proposal"].get(i)
        q = stage_score["presentation"].get(i)
        if i in finalists and p is not None and q is not None:
            final, tier = round2((wp * p + wq * q) / (wp + wq)), 1
        elif p is not None:
            final, tier = p, 2
        else:
            final, tier = None, 3
        rows[i] = {"proposal": p, "presentation": q, "final": final, "tier": tier}

    def key(i):
        r = rows[i]
        return (r["final"], r["presentation"], r["proposal"])

    def beats(a, b):
        # Higher first; a missing value loses to any value.
        for x, y in zip(key(a), key(b), strict=True):
            if x == y:
                continue
            return y is None or (x is not None and x > y)
        return False

    decided = bool(finalists) and all(i in stage_score["presentation"] for i in finalists)
    tier1 = [i for i in rows if rows[i]["tier"] == 1]
    for i, r in rows.items():
        same = [j for j in rows if rows[j]["tier"] == r["tier"] and j != i]
        if r["tier"] == 3:
            r.update(rank=None, tie=False, award=None)
            continue
        before = len(tier1) if r["tier"] == 2 else 0
        r["rank"] = 1 + before + sum(beats(j, i) for j in same)
        r["tie"] = any(key(j) == key(i) for j in same)
        r["award"] = r["rank"] if r["tier"] == 1 and decided and r["rank"] <= 3 else None
    return {"rows": rows, "finalists": finalists, "decided": decided}


# ---------------------------------------------------------------- the property


def weighted_sum(stage: str, scores: tuple[int, ...]) -> int:
    """Return Σ(weight_centi × score_centi) over the scored criteria, as SQL sums it."""
    return sum(100 * w * s for w, s in zip(WEIGHTS[stage], scores, strict=False))


def to_rows(case: Case):
    """Turn a case into rank()'s inputs."""
    rules = EditionRules(
        stages={s: StageRules(s, len(w), 100 * sum(w)) for s, w in WEIGHTS.items()},
        weight_proposal_centi=case.weights[0],
        weight_presentation_centi=case.weights[1],
        finalist_count=case.finalist_count,
        normalization=case.normalization,
    )
    innovations = [
        InnovationRow(i, f"K{(7 * i) % 10}{i}", s) for i, s in enumerate(case.statuses, start=1)
    ]
    sheets = [
        SheetRow(stage, juror, inn, len(sc), weighted_sum(stage, sc))
        for stage, juror, inn, sc in case.sheets
    ]
    return rules, innovations, list(case.assignments), sheets


def dec(value: Fraction | None) -> Decimal | None:
    """Return a hundredths Fraction as a two-decimal Decimal."""
    return None if value is None else Decimal(int(value * 100)).scaleb(-2)


@settings(
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(cases())
def test_rank_agrees_with_reference(case):
    """rank() gives the reference's scores, tiers, ranks, ties, awards and candidates."""
    rules, innovations, assignments, sheets = to_rows(case)
    got = rank(rules, innovations, assignments, sheets)
    want = reference(case)

    assert got.finalist_ids == frozenset(want["finalists"])
    assert got.awards_decided == want["decided"]
    got_rows = {r.innovation_id: r for r in got.rows}
    assert set(got_rows) == set(want["rows"])
    for i, w in want["rows"].items():
        r = got_rows[i]
        assert r.proposal_score == dec(w["proposal"]), i
        assert r.presentation_score == (dec(w["presentation"]) if i in want["finalists"] else None)
        assert r.final_score == dec(w["final"]), i
        assert (r.finalist, r.tier, r.rank, r.tie, r.award) == (
            i in want["finalists"],
            w["tier"],
            w["rank"],
            w["tie"],
            w["award"],
        ), i

    # Row order: tiers in order, ranks ascending, tier 3 by code.
    order = [(r.tier, r.rank or 0) for r in got.rows]
    assert order == sorted(order)
    tier3 = [r.code for r in got.rows if r.tier == 3]
    assert tier3 == sorted(tier3)

    # Candidates: top N by proposal, only while there are no finalists.
    if want["finalists"] or case.finalist_count == 0:
        assert got.candidate_ids == []
    else:
        proposals = sorted(
            (w["proposal"] for w in want["rows"].values() if w["proposal"] is not None),
            reverse=True,
        )
        top = proposals[: case.finalist_count]
        picked = [want["rows"][i]["proposal"] for i in got.candidate_ids]
        assert picked == top

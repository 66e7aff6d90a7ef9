"""Stage and final scores, then the ranking: tiers, tie-breaks, shared ranks and Juara awards."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal, localcontext

from data_access.scoring.arithmetic import centi_to_decimal, div_half_up, round_score
from data_access.scoring.model import (
    COUNTED,
    ELIGIBLE,
    PRESENTATION,
    PROPOSAL,
    AssignmentRow,
    EditionRules,
    InnovationRow,
    RankedInnovation,
    Ranking,
    SheetResult,
    SheetRow,
)
from data_access.scoring.sheets import evaluate_sheets, normalize_sheets, stage_contexts

# ---------------------------------------------------------------------------- stage and final


Number = int | Decimal
StageTotals = dict[str, dict[int, tuple[int, int]]]
"""{stage: {innovation: (Σ counted complete sheet scores in hundredths, number of sheets)}}."""


def stage_totals(sheets: Iterable[SheetResult]) -> StageTotals:
    """Return, per stage and innovation, the sum and count of counted complete sheet scores."""
    sums: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for s in sheets:
        if s.complete and s.status == COUNTED:
            per = sums[s.stage]
            value = s.effective_centi
            entry = per.get(s.innovation_id)
            if entry is None:
                per[s.innovation_id] = [value, 1]  # type: ignore[list-item]
            else:
                entry[0] += value  # type: ignore[operator]
                entry[1] += 1
    return {stage: {i: (t, n) for i, (t, n) in per.items()} for stage, per in sums.items()}


def stage_scores_from_totals(totals: StageTotals) -> dict[str, dict[int, tuple[Decimal, int]]]:
    """Return {stage: {innovation: (stage score, sheet count)}}: each mean rounded half-up."""
    # The mean of two-decimal values, rounded half-up: exact on integer hundredths.
    return {
        stage: {i: (centi_to_decimal(div_half_up(t, n)), n) for i, (t, n) in per.items()}
        for stage, per in totals.items()
    }


def final_score(
    rules: EditionRules,
    *,
    finalist: bool,
    proposal: Decimal | None,
    presentation: Decimal | None,
) -> Decimal | None:
    """Return the Nilai Akhir of one innovation per SCORING.md."""
    if finalist and proposal is not None and presentation is not None:
        wp, wq = rules.weight_proposal_centi, rules.weight_presentation_centi
        with localcontext() as ctx:
            ctx.prec = 60
            return round_score((wp * proposal + wq * presentation) / (wp + wq))
    return proposal


# ---------------------------------------------------------------------------- ranking


def _tiebreak_key(final: Number, presentation: Number | None, proposal: Number | None):
    # Higher first; a missing value loses to any value (scores in hundredths or Decimal).
    return (
        -final,
        (0, -presentation) if presentation is not None else (1, 0),
        (0, -proposal) if proposal is not None else (1, 0),
    )


def rank(
    rules: EditionRules,
    innovations: Sequence[InnovationRow],
    assignments: Sequence[AssignmentRow],
    sheets: Sequence[SheetRow],
) -> Ranking:
    """Rank the eligible innovations of an edition exactly as SCORING.md says."""
    contexts = stage_contexts(innovations, assignments, sheets)
    results = evaluate_sheets(rules, contexts, sheets)
    if rules.normalization:
        results = normalize_sheets(results)
    ranking = rank_from_totals(
        rules, innovations, contexts[PRESENTATION].innovation_ids, stage_totals(results)
    )
    return replace(ranking, sheets=results, contexts=contexts)


def rank_from_totals(
    rules: EditionRules,
    innovations: Sequence[InnovationRow],
    finalists: frozenset[int],
    totals: StageTotals,
) -> Ranking:
    """Rank the eligible innovations from their stage totals (tiers, ties, awards).

    Every score is worked out in integer hundredths, each rounded half-up once (exact, as
    Decimal would be: final_score's rule on hundredths, tests/test_scoring_ranking.py),
    and handed out as Decimal at the end: a national edition ranks 5,000 innovations.
    """
    proposal_totals = totals.get(PROPOSAL, {})
    presentation_totals = totals.get(PRESENTATION, {})
    wp, wq = rules.weight_proposal_centi, rules.weight_presentation_centi
    # (sort key, innovation, proposal, presentation, final, tier, proposal n, presentation n)
    scored: list[tuple[tuple, InnovationRow, int | None, int | None, int, int, int, int]] = []
    unscored: list[tuple[InnovationRow, int | None, int]] = []
    presented: set[int] = set()
    for inn in innovations:
        if inn.admin_status != ELIGIBLE:
            continue
        is_finalist = inn.id in finalists
        total = proposal_totals.get(inn.id)
        proposal, n_prop = (div_half_up(*total), total[1]) if total else (None, 0)
        # Presentation scores of a non-finalist cannot exist (a score makes a finalist).
        total = presentation_totals.get(inn.id) if is_finalist else None
        presentation, n_pres = (div_half_up(*total), total[1]) if total else (None, 0)
        if presentation is not None:
            presented.add(inn.id)
        if proposal is None:  # no final score (a finalist's presentation score still shows)
            unscored.append((inn, presentation, n_pres))
            continue
        if is_finalist and presentation is not None:
            final, tier = div_half_up(wp * proposal + wq * presentation, wp + wq), 1
        else:
            final, tier = proposal, 2  # finalists waiting for a presentation score too
        key = _tiebreak_key(final, presentation, proposal)
        scored.append((key, inn, proposal, presentation, final, tier, n_prop, n_pres))

    awards_decided = bool(finalists) and all(i in presented for i in finalists)
    rows: list[RankedInnovation] = []
    position = 0
    for tier in (1, 2):
        members = sorted((e for e in scored if e[5] == tier), key=lambda e: (e[0], e[1].code))
        key_counts: dict[tuple, int] = defaultdict(int)
        for entry in members:
            key_counts[entry[0]] += 1
        previous_key = None
        current_rank = 0
        for key, inn, proposal, presentation, final, _tier, n_prop, n_pres in members:
            position += 1
            if key != previous_key:
                current_rank = position
                previous_key = key
            award = current_rank if tier == 1 and awards_decided and current_rank <= 3 else None
            rows.append(
                _ranked(
                    inn,
                    (proposal, presentation, final, inn.id in finalists, n_prop, n_pres),
                    tier,
                    current_rank,
                    key_counts[key] > 1,
                    award,
                )
            )
    for inn, presentation, n_pres in sorted(unscored, key=lambda e: e[0].code):
        scores = (None, presentation, None, inn.id in finalists, 0, n_pres)
        rows.append(_ranked(inn, scores, 3, None, False, None))

    candidates: list[int] = []
    if not finalists and rules.finalist_count > 0:
        by_proposal = sorted(scored, key=lambda e: (-(e[2] or 0), e[1].code))
        candidates = [e[1].id for e in by_proposal[: rules.finalist_count]]

    return Ranking(
        rows=rows,
        finalist_ids=finalists,
        awards_decided=awards_decided,
        candidate_ids=candidates,
        normalization=rules.normalization,
    )


def _ranked(
    inn: InnovationRow,
    scores: tuple[int | None, int | None, int | None, bool, int, int],
    tier: int,
    rank_: int | None,
    tie: bool,
    award: int | None,
) -> RankedInnovation:
    proposal, presentation, final, finalist, n_prop, n_pres = scores
    return RankedInnovation(
        innovation_id=inn.id,
        code=inn.code,
        title=inn.title,
        unit_code=inn.unit_code,
        proposal_score=centi_to_decimal(proposal),
        presentation_score=centi_to_decimal(presentation),
        final_score=centi_to_decimal(final),
        finalist=finalist,
        tier=tier,
        rank=rank_,
        tie=tie,
        award=award,
        proposal_sheets=n_prop,
        presentation_sheets=n_pres,
    )

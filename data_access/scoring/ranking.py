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


def _tiebreak_key(final: Decimal, presentation: Decimal | None, proposal: Decimal | None):
    # Higher first; a missing value loses to any value.
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
    """Rank the eligible innovations from their stage totals (tiers, ties, awards)."""
    per_stage = stage_scores_from_totals(totals)
    proposal_scores = per_stage.get(PROPOSAL, {})
    presentation_scores = per_stage.get(PRESENTATION, {})

    scored: list[tuple[tuple, InnovationRow, dict]] = []
    unscored: list[tuple[InnovationRow, dict]] = []
    for inn in innovations:
        if inn.admin_status != ELIGIBLE:
            continue
        is_finalist = inn.id in finalists
        proposal, n_prop = proposal_scores.get(inn.id, (None, 0))
        presentation, n_pres = presentation_scores.get(inn.id, (None, 0))
        if not is_finalist:
            # Presentation scores of a non-finalist cannot exist (a score makes a finalist).
            presentation, n_pres = None, 0
        final = final_score(
            rules, finalist=is_finalist, proposal=proposal, presentation=presentation
        )
        info = {
            "proposal": proposal,
            "presentation": presentation,
            "final": final,
            "finalist": is_finalist,
            "n_prop": n_prop,
            "n_pres": n_pres,
        }
        if final is None:
            unscored.append((inn, info))
            continue
        # Tier 1: finalists whose final score combines both stages.
        tier = 1 if is_finalist and presentation is not None and proposal is not None else 2
        scored.append((_tiebreak_key(final, presentation, proposal), inn, info | {"tier": tier}))

    awards_decided = bool(finalists) and all(i in presentation_scores for i in finalists)
    rows: list[RankedInnovation] = []
    position = 0
    for tier in (1, 2):
        members = sorted(
            (entry for entry in scored if entry[2]["tier"] == tier),
            key=lambda e: (e[0], e[1].code),
        )
        previous_key = None
        current_rank = 0
        key_counts: dict[tuple, int] = defaultdict(int)
        for key, _inn, _info in members:
            key_counts[key] += 1
        for key, inn, info in members:
            position += 1
            if key != previous_key:
                current_rank = position
                previous_key = key
            award = current_rank if tier == 1 and awards_decided and current_rank <= 3 else None
            rows.append(_ranked(inn, info, tier, current_rank, key_counts[key] > 1, award))
    for inn, info in sorted(unscored, key=lambda e: e[0].code):
        rows.append(_ranked(inn, info, 3, None, False, None))

    candidates: list[int] = []
    if not finalists and rules.finalist_count > 0:
        by_proposal = sorted(
            (e for e in scored if e[2]["proposal"] is not None),
            key=lambda e: (-e[2]["proposal"], e[1].code),
        )
        candidates = [e[1].id for e in by_proposal[: rules.finalist_count]]

    return Ranking(
        rows=rows,
        finalist_ids=finalists,
        awards_decided=awards_decided,
        candidate_ids=candidates,
        normalization=rules.normalization,
    )


def _ranked(
    inn: InnovationRow, info: dict, tier: int, rank_: int | None, tie: bool, award: int | None
) -> RankedInnovation:
    return RankedInnovation(
        innovation_id=inn.id,
        code=inn.code,
        title=inn.title,
        unit_code=inn.unit_code,
        proposal_score=info["proposal"],
        presentation_score=info["presentation"],
        final_score=info["final"],
        finalist=info["finalist"],
        tier=tier,
        rank=rank_,
        tie=tie,
        award=award,
        proposal_sheets=info["n_prop"],
        presentation_sheets=info["n_pres"],
    )

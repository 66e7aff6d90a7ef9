"""SCORING.md's defaults: stages, criteria and weights that an edition starts with."""

from __future__ import annotations

from decimal import Decimal

from data_access.models import Criterion, Stage

STAGE_NAMES = {
    "proposal": "Penilaian Proposal",
    "presentation": "Presentasi dan Wawancara",
}

# (code, aspek, bobot) per stage, in the order of the national proposal form.
DEFAULT_CRITERIA: dict[str, list[tuple[str, str, Decimal]]] = {
    "proposal": [
        ("ringkasan", "Ringkasan", Decimal(0)),
        ("latar_belakang", "Latar Belakang dan Tujuan", Decimal(10)),
        ("kebaruan", "Kebaruan / Nilai Tambah", Decimal(15)),
        ("implementasi", "Implementasi Inovasi", Decimal(5)),
        ("signifikansi", "Signifikansi", Decimal(30)),
        ("adaptabilitas", "Adaptabilitas", Decimal(20)),
        ("sumber_daya", "Sumber Daya", Decimal(5)),
        ("keberlanjutan", "Strategi Keberlanjutan", Decimal(15)),
    ],
    "presentation": [
        ("substansi", "Substansi", Decimal(70)),
        ("penyajian", "Penyajian", Decimal(30)),
    ],
}

DEFAULT_WEIGHT_PROPOSAL = Decimal(40)
DEFAULT_WEIGHT_PRESENTATION = Decimal(60)
DEFAULT_FINALIST_COUNT = 6
DEFAULT_TIMEZONE = "Asia/Jakarta"


def default_stages() -> list[Stage]:
    """Return new Stage rows, each with SCORING.md's default criteria, for a new edition."""
    stages = []
    for position, (code, name) in enumerate(STAGE_NAMES.items()):
        stage = Stage(code=code, name=name, position=position)
        for n, (c_code, c_name, weight) in enumerate(DEFAULT_CRITERIA[code]):
            stage.criteria.append(
                Criterion(code=c_code, name=c_name, weight_centi=int(weight * 100), position=n)
            )
        stages.append(stage)
    return stages

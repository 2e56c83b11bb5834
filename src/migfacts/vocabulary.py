"""The words people use for the same thing, in English and Spanish, folded, to one term: shared by `check`
(matching claims to figures) and the fact base's checks (what the text says happened to a number)."""

from __future__ import annotations

# Words people use for the same thing, in English and Spanish, folded, to one term.
_SYNONYMS = {
    "tb": "tuberculosis tb tuberculosis",
    "case": "case cases caso casos patient patients paciente pacientes ill sick infected infection infections "
    "enfermos enfermaron",
    "death": "death deaths died die dies dying killed kill kills fatalities muertes muerte murieron fallecieron "
    "defunciones fallecimientos",
    "new": "new nuevos nuevas nuevo nueva first",
    "active": "active activos activas activo activa",
    "treat": "treated treating treat treats treatment tratados tratadas trato tratamiento trataron",
    "detect": "detected detect detects detecting identified identify found diagnosed diagnose diagnosing detecto "
    "detectaron detectados diagnostico diagnosticados diagnosticaron identifico identificaron encontro",
    "assessment": "assessment assessments screenings screening screened exams examinations evaluaciones evaluacion "
    "checks check checkups checkup check-ups controls revisiones "
    "examenes chequeos controles",
    "volunteer": "volunteer volunteers voluntarios voluntarias",
    "survey": "survey surveys encuestas encuesta",
    "country": "country countries pais paises",
    "people": "people persons personas gente individuals",
    "migrant": "migrant migrants migrantes migrante",
    "international": "international internacional internacionales",
    "internal": "internal internos internas interno interna",
    "rate": "rate rates tasa tasas",
    "success": "success successful exito exitoso",
    "reach": "reached reach reaching alcanzaron alcanzo llegaron",
    "train": "trained training trainings train capacitados capacitacion formados",
    "roadshow": "roadshow roadshows",
    "displace": "displaced displace displaces displacing displacement fled flee desplazados desplazadas desplazo "
    "desplazaron desplazamiento huyeron",
    "arrest": "arrested arrest arrests detained detention detenidos detenidas arrestados arrestadas",
    "destroy": "burned burnt destroyed destroy destroys destruidos destruidas quemados quemadas",
    "health": "health salud",
    "kenya": "kenya kenia",
    "world": "world worldwide global globally globe earth mundo mundial mundialmente planeta",
}
CANON = {word: term for term, words in _SYNONYMS.items() for word in words.split()}
EVENTS = {"death", "reach", "treat", "detect", "train", "displace", "arrest", "destroy"}
"""What happened to what a number counts: a claim and a figure that say different ones speak of different things."""


def canon(word: str) -> str:
    if word in CANON:
        return CANON[word]
    for suffix in ("es", "s"):
        if word.endswith(suffix) and word[: -len(suffix)] in CANON:
            return CANON[word[: -len(suffix)]]
    return word

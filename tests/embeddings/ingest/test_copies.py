"""Near-copies, measured on real pairs of texts (``tests/data/web/near_copies/``)."""

from __future__ import annotations

from embeddings.ingest.copies import NEAR_COPY, fingerprint
from tests.web_server import DATA

TEXTS = DATA / "near_copies"


def containment(new: str, old: str) -> float:
    """The share of the text of file ``new`` that file ``old`` holds."""
    a, b = (fingerprint((TEXTS / name).read_text(encoding="utf-8")) for name in (new, old))
    return len(a & b) / len(a)


def test_a_report_printed_inside_a_longer_one_is_a_copy():
    share = containment("granma.cu.medidadecuba.txt", "cubadebate.cu.sesiona.txt")
    assert share >= NEAR_COPY and round(share, 2) == 0.95


def test_the_longer_one_is_not_a_copy_of_the_shorter():
    assert containment("cubadebate.cu.sesiona.txt", "granma.cu.medidadecuba.txt") < 0.5


def test_reworded_and_edited_versions_stay_articles_of_their_own():
    assert round(containment("jagdverband.de.erschuettert.txt", "djz.de.amoklauf.txt"), 2) == 0.72
    assert round(containment("cooperativa.cl.presidente.txt", "24horas.cl.segundo.txt"), 2) == 0.64


def test_different_stories_share_almost_nothing():
    assert containment("djz.de.amoklauf.txt", "cubadebate.cu.sesiona.txt") < 0.05


def test_shingles_ignore_case_punctuation_and_line_breaks():
    assert fingerprint("The cat sat on the mat.") == fingerprint("the CAT\nsat, on the mat")
    assert len(fingerprint("one two three four five six")) == 2
    assert fingerprint("too short") == frozenset()

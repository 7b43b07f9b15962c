"""Learned fact-check verdicts: claim-level features over the mismatch detectors, and the
saved model that turns them into supported / contradicted / not_found."""

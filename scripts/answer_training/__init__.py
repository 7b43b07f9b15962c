"""The stages of ``scripts/train_answers.py``: labelled candidates (``candidates``), what
the shown quotes hold (``metrics``), and the models and thresholds chosen (``fitting``)."""

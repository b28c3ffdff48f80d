"""Signals of the offices app, for apps above it that keep reference data of their own: the
offices app cannot import them (the layers), so it announces and they listen."""

from django.dispatch import Signal

# Sent by `load_reference_data` after an office's reference data is loaded, inside the same
# transaction; `office` is the office. Receivers load theirs idempotently.
reference_data_loaded = Signal()

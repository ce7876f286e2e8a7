"""Hypothesis profiles: the suite's runs are derandomised, so CI sees the same examples every
time; ``pytest --hypothesis-profile=explore`` searches with fresh random examples, and more."""

from hypothesis import settings

settings.register_profile("suite", derandomize=True, deadline=None, database=None)
settings.register_profile("explore", max_examples=1000, deadline=None)
settings.load_profile("suite")

"""Hypothesis profiles: the suite's runs are derandomised, so CI sees the same examples every
time; ``pytest --hypothesis-profile=explore`` searches with fresh random examples, and more."""

from hypothesis import settings

settings.register_profile("suite", derandomize=True, deadline=None, database=None)
settings.register_profile("explore", max_examples=1000, deadline=None)
settings.load_profile("suite")


HEAVY_FIRST = ("test_historical.py", "test_batch.py", "test_tutorials_teaching.py")
"""Modules whose seeded games and batches take longest: started first, so that on several cores
the light tests fill the other cores while they run, instead of leaving one core idle at the end."""


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.path.name not in HEAVY_FIRST)

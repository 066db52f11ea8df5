# Notebook sources are py:percent scripts, not modules: doctest collection must not import them.
collect_ignore_glob = [
    "notebooks/*.py",
    "solutions/*.py",
    "exercises/*.py",
    "benchmarks/*.py",
    "tasks.py",
    "build/*",
    ".venv/*",
]

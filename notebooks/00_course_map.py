# %% [markdown]
# # Customer analysis and classification with Jupyter: course map
#
# Customers are not equally valuable. A few bring most of the profit, some cost
# more than they bring, and the large middle decides whether a business grows.
# This course teaches how to find out which is which from a company's own
# order data, and what to do about it, one notebook per step.
#
# **Learning goals of this notebook**
#
# - know what each lesson teaches, in what order, and which exercise goes with it;
# - know the key terms in English and Chinese (the course comes from Chinese
#   CRM training material, so both appear side by side);
# - know how to run the course, the exercises and the tests.

# %% tags=["parameters"]
# Parameters (papermill can replace any of these when the course is re-run).
data_source = "course"  # "course", a variant such as "course:seed7", "online_retail", a file or a folder
column_mapping = None  # None, a dict or a YAML/TOML file {your header: course column}
data_options = None  # None or a dict of data options (sheet, decimal mark, cleaning rules...)
as_of = None  # "YYYY-MM-DD", the first day NOT analysed; None: the day after the last order
lang = "en"  # "en" or "zh": the language of the reports and charts
seed = 42  # for anything random shown for display

# %%
import os
import re
from pathlib import Path

import pandas as pd
from IPython.display import display

from helpers import glossary
from helpers.i18n import edition_folder, tr, trn
from helpers.paths import EXERCISES_DIR, NOTEBOOKS_DIR, SOLUTIONS_DIR
from helpers.text import Safe, show

# %% [markdown]
# ## Who the course is for
#
# - **Students** read a lesson, then do the matching exercise in `exercises/`.
#   Every computing question ends in a self-check that answers *correct*,
#   *not yet* (with a hint), or *not answered yet*.
# - **Instructors** run a class from the lessons, regenerate clean student
#   workbooks from `solutions/`, and hand out the solutions afterwards.
# - **Trainers** re-run every notebook on their own company's export (CSV, Excel
#   or Parquet, English or Chinese headers) and get one HTML report per notebook.
#
# ## The lessons, in order
#
# The table below is read from the `notebooks/`, `exercises/` and `solutions/`
# folders, so it always lists what is really there. Each link opens the notebook in
# JupyterLab (in the HTML reports of a course run, the report of that notebook).

# %%
TOPICS = {
    "00": ("Course map", "课程导览"),
    "01": ("Customer data collection", "客户信息搜集"),
    "02": ("Customer profiling and commercial value", "客户基本情况与商业价值分析"),
    "03": ("ABC grading and customer tiers", "ABC分类法"),
    "04": ("Purchase decile analysis", "购买十分位分析"),
    "05": ("Loyalty classification", "客户忠诚度分析"),
    "06": ("Case study: from data to a service plan", "综合案例"),
    "90": ("Chart gallery: every course chart in both languages", "图表示例"),
}
NOTEBOOK_NAME = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")  # the course's own file names


def notebook_in(folder, number):
    """The course notebook numbered `number` in `folder`, or None."""
    found = sorted(p for p in folder.glob(f"{number}_*.ipynb") if NOTEBOOK_NAME.match(p.name))
    return found[0] if found else None


course_map = pd.DataFrame(
    [
        {
            "lesson": number,
            "topic": english,
            "中文": chinese,
            "notebook": notebook_in(edition_folder(NOTEBOOKS_DIR, lang), number),
            "exercise": notebook_in(edition_folder(EXERCISES_DIR, lang), number),
            "solution": notebook_in(edition_folder(SOLUTIONS_DIR, lang), number),
        }
        for number, (english, chinese) in TOPICS.items()
    ]
).set_index("lesson")

# %% [markdown]
# Links are relative to this notebook's folder, `notebooks/`, so they work wherever
# the course folder is.

# %%
def link(path):
    """A Markdown link from `notebooks/` to a course notebook (a dash when there is none)."""
    if pd.isna(path):
        return "—"
    target = Path(os.path.relpath(path, edition_folder(NOTEBOOKS_DIR, lang))).as_posix()
    return f"[`{path.name}`]({target})"


first, second = ("topic", "中文") if lang == "en" else ("中文", "topic")
rows = [
    f"| {number} | {row[first]} | {row[second]} | {link(row['notebook'])} | {link(row['exercise'])} "
    f"| {link(row['solution'])} |"
    for number, row in course_map.iterrows()
]
header = tr("| # | lesson | 中文 | lesson notebook | exercise | solution |", lang, domain="lessons")
show(Safe("\n".join([header, "|---|---|---|---|---|---|", *rows])))

# %% [markdown]
# Each lesson follows the same pattern: goals, the idea in words, the
# computation (with the course helpers and, where it teaches, in plain pandas
# beside them), charts, what the numbers mean for the business, discussion
# questions and a summary.
#
# ## Key terms (术语表)
#
# The helpers use the short keys on the left; charts drawn with `lang="zh"` take
# their Chinese labels from this table. It is shown whole: pandas would otherwise
# cut a long table (and long cells) short.

# %%
terms = glossary.glossary_table(lang)
terms = terms.sort_values("english" if lang == "en" else "chinese")
print(trn("{n} term", "{n} terms", len(terms), lang, domain="lessons"))
with pd.option_context("display.max_rows", None, "display.max_colwidth", None):
    display(terms)

# %% [markdown]
# ## How to run the course
#
# Everything starts from the repository folder, with Python 3.11 or newer:
#
# | what | Linux / macOS | Windows |
# |---|---|---|
# | run every notebook on the bundled data, with HTML reports | `python3 tasks.py course` | `py tasks.py course` |
# | run the tests | `python3 tasks.py test` | `py tasks.py test` |
# | open JupyterLab on this map | `python3 tasks.py lab` | `py tasks.py lab` |
#
# The first command creates a virtual environment in `.venv/`, installs the
# requirements and registers the kernel **Python (customer course)**; later runs
# skip that step. `make course`, `make test` and `make lab` do the same.
#
# `python3 tasks.py lab` serves the whole course folder and opens this map, in
# the browser it starts and at the address it prints. It takes JupyterLab's options
# too: `python3 tasks.py lab --port 8890 --no-browser` (see `python3 tasks.py lab --help`).
#
# ## The data of this run
#
# Every notebook starts from the same tables. The bundled data is a simulated
# company (see `datasets/README.md`); a re-run on other data lists its own tables
# here, and says which ones it lacks.

# %%
from helpers import lesson

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
run.facts().to_frame()

# %% [markdown]
# ## Where to go next
#
# Open the first lesson in the table above, then its exercise.

# %%
found = course_map.notna().sum()
print(tr("{lessons} lesson notebooks, {exercises} exercises and {solutions} solutions.", lang,
         domain="lessons", lessons=found["notebook"], exercises=found["exercise"],
         solutions=found["solution"]))  # fmt: skip

# %% [markdown]
# # Chart gallery (图表示例)
#
# Every chart of the course, drawn on the course data in English and in Chinese
# (中文标签). Each chart is one function in `helpers.plots` that takes the table an
# analysis function returns, so a lesson needs one line per chart:
#
# ```python
# ranked = profiling.rank_customers(summary)
# ax = plots.pareto_chart(ranked, lang="zh")
# ```
#
# All charts share one look (`helpers.theme`): the same colour for a grade, a tier or
# a loyalty type in every chart, thousands separators and percentages on the axes,
# and a Chinese font that ships with the course requirements, so Chinese labels
# render on any computer. Each function also takes `ax=` to draw into an existing
# figure, and returns what it drew on.
#
# Use this notebook to look up which chart answers which question, and which
# function and table draw it.

# %% tags=["parameters"]
# Parameters (a re-run can replace any of these, e.g. with a file in datasets/params/).
data_source = "course"  # "course", a variant such as "course:seed7", "online_retail", a file or a folder
column_mapping = None  # None, a dict or a YAML/TOML file {your header: course column}
data_options = None  # None or a dict of data options (sheet, decimal mark, cleaning rules...)
as_of = None  # "YYYY-MM-DD", the first day NOT analysed; None: the day after the last order
lang = "en"  # "en" or "zh": the language of the reports and charts
seed = 42  # for anything random shown for display
both_languages = True  # the gallery draws every chart in both languages

# %%
import matplotlib.pyplot as plt
import pandas as pd

from helpers import deciles, grading, lesson, loyalty, planning, plots, profiling, rfm, theme
from helpers.i18n import tr
from helpers.text import show

languages = [lang, "zh" if lang == "en" else "en"] if both_languages else [lang]

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of = run.tables, run.as_of
summary = run.customer_summary()


def draw_in_each_language(draw):
    """Draw the same chart once per language, one below the other."""
    for language in languages:
        draw(language)
        plt.show()


# %% [markdown]
# ## 1. Pareto chart (二八法则)
#
# `plots.pareto_chart(profiling.rank_customers(summary))`: customers ranked by
# revenue, largest first, as bars (one per customer); the black line is the
# cumulative share of revenue and the red lines mark where it reaches 80%, and
# which share of customers that takes.

# %%
ranked = profiling.rank_customers(summary)
draw_in_each_language(lambda language: plots.pareto_chart(ranked, lang=language))

# %% [markdown]
# ## 2. Lorenz curve and Gini coefficient (洛伦兹曲线与基尼系数)
#
# `plots.lorenz_chart(grading.lorenz_curve(summary))`: customers from the smallest to
# the largest against their cumulative share of revenue. The further the curve bends
# away from the dashed line of equality, the more unequal the customers; the Gini
# coefficient (0 = all equal) measures the shaded area.

# %%
curve = grading.lorenz_curve(summary)
draw_in_each_language(lambda language: plots.lorenz_chart(curve, lang=language))

# %% [markdown]
# ## 3. Customers and value by grade, the textbook's two pyramids (客户数量金字塔与客户利润倒金字塔)
#
# `plots.pyramid_figure(grading.pyramid_table(grades, value="profit"))`, here with the
# rank grades VIP (top 1%), A, B and C (`grading.grade_by_rank`): each grade's share of
# the customers (left) and of the profit (right). The textbook expects few customers in
# the top grades and most of the profit there; the chart shows whether this data has
# that shape. Without cost data the right panel shows revenue instead.

# %%
rank_grades = grading.grade_by_rank(summary)
pyramid_measure = "profit" if tables.has_cost else "revenue"
pyramid = grading.pyramid_table(rank_grades, value="profit" if tables.has_cost else "value")
draw_in_each_language(
    lambda language: plots.pyramid_figure(pyramid, measure=pyramid_measure, lang=language)
)

# %% [markdown]
# ## 4. ABC summary (ABC分类法)
#
# `plots.abc_summary_chart(grading.abc_grade_by_share(summary))`: each column adds up
# to 100%; the segments are the grades' shares of customers, of revenue and (with
# cost data) of profit, so a grade's customer slice and value slice can be compared at
# a glance. The same function draws the five tiers (`palette="tier"`), the loyalty
# types (`palette="loyalty"`) and the decile groups (`palette="decile_group"`).

# %%
grades = grading.abc_grade_by_share(summary)
draw_in_each_language(lambda language: plots.abc_summary_chart(grades, lang=language))

# %%
if tables.has_cost:
    tiers = grading.five_tier_grades(summary)
    draw_in_each_language(
        lambda language: plots.abc_summary_chart(
            tiers, grade="tier", revenue="revenue", palette="tier", lang=language
        )
    )
else:
    show(tr("The five-tier scheme ranks customers by profit: it needs cost data.",
            lang, domain="lessons"))

# %% [markdown]
# ## 5. Grade migration (等级迁移)
#
# `plots.migration_heatmap(grading.grade_migration(before, after))`: customers graded
# on the revenue of the year before the as-of date (columns) against the year before
# that (rows). The outlined diagonal are the customers who kept their grade; "new"
# bought only in the later year, "lost" only in the earlier one.

# %%
year = pd.Timedelta(days=365)
last_year = summary[summary["revenue_last_period"] > 0]
prior_year = summary[summary["revenue_prior_period"] > 0]
if len(last_year) and len(prior_year):
    migration = grading.grade_migration(
        grading.abc_grade_by_share(prior_year, column="revenue_prior_period"),
        grading.abc_grade_by_share(last_year, column="revenue_last_period"),
    )
    day = pd.Timedelta(days=1)
    before = f"{as_of - 2 * year:%Y-%m-%d} – {as_of - year - day:%Y-%m-%d}"
    after = f"{as_of - year:%Y-%m-%d} – {as_of - day:%Y-%m-%d}"
    draw_in_each_language(
        lambda language: plots.migration_heatmap(
            migration, before=before, after=after, lang=language
        )
    )
else:
    show(tr("The data covers less than two years before the as-of date: no migration to show.",
            lang, domain="lessons"))

# %% [markdown]
# ## 6. Customer deciles and value deciles (客户十分位与价值十分位)
#
# `plots.customer_decile_chart(deciles.customer_deciles(summary))`: ten equal-size
# groups of customers, largest first, and each group's share of revenue and of
# profit.
#
# `plots.value_decile_chart(deciles.value_deciles(summary))`: total revenue cut into
# ten equal parts; the grey bars (labelled with the count) show how many customers
# make each tenth, the orange bars what share of the profit they bring.

# %%
by_customers = deciles.customer_deciles(summary)
draw_in_each_language(lambda language: plots.customer_decile_chart(by_customers, lang=language))

# %%
by_value = deciles.value_deciles(summary)
draw_in_each_language(lambda language: plots.value_decile_chart(by_value, lang=language))

# %% [markdown]
# ## 7. RFM heatmap (RFM热力图)
#
# `plots.rfm_heatmap(rfm.rfm_scores(summary))`: recency score (rows, 5 = bought most
# recently) by frequency score (columns); each cell holds the customers' mean
# monetary value and their number.

# %%
scores = rfm.rfm_scores(summary)
draw_in_each_language(lambda language: plots.rfm_heatmap(scores, lang=language))

# %% [markdown]
# ## 8. Satisfaction x loyalty map (忠诚矩阵)
#
# `plots.loyalty_map(types, regions=loyalty.matrix_regions())` with `types =
# loyalty.loyalty_matrix_types(survey)`: every surveyed customer as a point (spread a
# little so that equal answers stay visible), in the shaded region of its type. The
# regions are the rule itself, so pass the same cut-offs to both functions. Beyond 2,000
# surveyed customers the map draws a seeded random sample and says so under the chart.

# %%
inputs = loyalty.known_before(tables, as_of)
if inputs.survey is not None:
    types = loyalty.loyalty_matrix_types(inputs.survey)
    regions = loyalty.matrix_regions()
    draw_in_each_language(
        lambda language: plots.loyalty_map(types, regions=regions, seed=seed, lang=language)
    )
else:
    types = None
    show(tr("This data has no survey answers: the loyalty map needs satisfaction and loyalty.",
            lang, domain="lessons"))

# %% [markdown]
# ## 9. Behavioural loyalty classes (行为忠诚度类别)
#
# `plots.behavioural_class_chart(loyalty.behavioural_class_table(classes, summary))`:
# each customer class's share of the customers beside its share of their revenue, and
# each non-user class's share of the open leads; the legend names both denominators.

# %%
classes = loyalty.behavioural_loyalty_classes(summary, inputs.leads, as_of=as_of)
class_table = loyalty.behavioural_class_table(classes, summary)
draw_in_each_language(lambda language: plots.behavioural_class_chart(class_table, lang=language))

# %% [markdown]
# ## 10. Type counts as the cut-offs move (敏感性分析)
#
# `plots.sensitivity_figure(loyalty.cutoff_sensitivity(survey), chosen=...)`: one panel
# per cut-off, one line per type; the dashed line marks the cut-off in use. It draws a
# whole figure and returns it.

# %%
if types is not None:
    sensitivity = loyalty.cutoff_sensitivity(inputs.survey)
    chosen = {"loyalty_cut": 7, "high_from": 7}
    draw_in_each_language(
        lambda language: plots.sensitivity_figure(sensitivity, chosen=chosen, lang=language)
    )
else:
    show(tr("Without survey answers there are no types whose counts could move.",
            lang, domain="lessons"))

# %% [markdown]
# ## 11. The relationship continuum (关系连续体)
#
# `plots.continuum_chart(loyalty.continuum_table(stages, summary, types))`: mean loyalty
# at each stage from distant to close, with error bars of two standard errors and the
# number of respondents; without a survey, `measure="revenue_share"` draws each stage's
# share of the revenue instead.

# %%
stages = loyalty.relationship_stages(summary)
continuum = loyalty.continuum_table(stages, summary, types)
measure = "mean_loyalty" if types is not None else "revenue_share"
draw_in_each_language(
    lambda language: plots.continuum_chart(continuum, measure=measure, lang=language)
)

# %% [markdown]
# ## 12. Complaints by reason (各原因的投诉)
#
# `plots.complaint_reason_chart(loyalty.complaints_by_reason(complaints))`: one bar per
# reason, the most frequent on top, split into resolved and still open when the data
# records it. Reasons are data: they are drawn as plain text.

# %%
if inputs.complaints is not None and "reason" in inputs.complaints.columns:
    by_reason = loyalty.complaints_by_reason(inputs.complaints)
    draw_in_each_language(lambda language: plots.complaint_reason_chart(by_reason, lang=language))
else:
    show(tr("This data has no complaints with a reason to count.", lang, domain="lessons"))

# %% [markdown]
# ## 13. Composition bars (客户构成分析)
#
# `plots.composition_chart(profiling.composition_table(customers, by, summary=summary))`:
# each group's share of customers beside its share of revenue, here by business type
# (corporate customers; personal customers have none and show as missing).

# %%
if tables.customers is not None and "business_type" in tables.customers.columns:
    composition = profiling.composition_table(tables.customers, "business_type", summary=summary)
    draw_in_each_language(
        lambda language: plots.composition_chart(composition, top=8, lang=language)
    )
else:
    show(tr("This data has no customer table with a business type to break the customers down by.",
            lang, domain="lessons"))

# %% [markdown]
# ## 14. Gross margin by product (产品毛利率)
#
# `plots.margin_chart(profiling.margin_by_product(orders, products=products))`: the
# margin of each product, highest first, with its revenue; red products lose money
# and the dashed line is the overall margin. With many products the chart keeps the
# highest and the lowest; `by="category"` adds the products up per category.

# %%
if tables.has_cost:
    margins = run.margin_by_product(products=tables.products)
    draw_in_each_language(lambda language: plots.margin_chart(margins, lang=language))
    draw_in_each_language(
        lambda language: (
            plots.margin_chart(margins, by="category", lang=language)
            if "category" in margins.columns
            else plots.margin_chart(margins, limit=10, lang=language)
        )
    )
else:
    show(tr("Margins need the cost of each order line; this data has none.",
            lang, domain="lessons"))

# %% [markdown]
# ## 15. The service plan (服务方案)
#
# `plots.service_hours_chart(planning.service_allocation(plan, total_hours=...))`: per
# grade, an equal split by head count, the share of the value and the plan's share of
# the hours. `plots.hours_per_customer_chart(allocation, account_hours=...)`: each
# grade's average hours per customer on a logarithmic scale against what one personal
# account needs. Here with the lesson's defaults (6 account managers x 1,400 hours, 24
# hours per personal account), on the rank grades of section 3.

# %%
value_column = "profit" if tables.has_cost else "revenue"
plan = planning.customer_plan(grading.abc_grade_by_share(summary), summary)
allocation = planning.service_allocation(
    plan, total_hours=6 * 1400, account_hours=24, value=value_column
)
draw_in_each_language(
    lambda language: plots.service_hours_chart(allocation, value=value_column, lang=language)
)
draw_in_each_language(
    lambda language: plots.hours_per_customer_chart(allocation, account_hours=24, lang=language)
)

# %% [markdown]
# ## Colours and number formats
#
# The fixed colours, for charts made by hand with matplotlib or pandas:
# `theme.GRADE_COLORS`, `theme.TIER_COLORS`, `theme.LOYALTY_COLORS`,
# `theme.DECILE_GROUP_COLORS` and `theme.METRIC_COLORS`; the axis formatters
# `theme.percent_formatter()`, `theme.thousands_formatter()` and
# `theme.compact_formatter(lang)`; and `theme.theme_context(lang)` to draw in the
# course look.

# %%
palette_table = pd.DataFrame(
    [
        {"kind": kind, "key": key, "colour": colour}
        for kind, palette in theme.PALETTES.items()
        for key, colour in palette.items()
    ]
)
palette_table

"""Readings: sentences about the data of the run, computed from its tables (解读).

One function per reading: it takes the tables an analytics function computed and
returns Markdown (a :class:`helpers.text.Safe` string) in English or Chinese. A reading
never states a fact it has not computed: each has a branch for every case (the claim
holds, does not hold, there is no data for it) and stays grammatical at zero and one.
Values from the data are escaped (:mod:`helpers.text`), so a reading can be shown with
:func:`helpers.text.show` whatever the data holds. Where the course teaches a textbook
statement (the 80/20 rule, the pyramids, "transactional customers bring little
profit"), the reading states it as the textbook's claim and says whether this data
agrees.

Modules follow the lessons: :mod:`~helpers.readings.collection` (01),
:mod:`~helpers.readings.profiling` (02), :mod:`~helpers.readings.grading` (03),
:mod:`~helpers.readings.deciles` (04), :mod:`~helpers.readings.loyalty` (05),
:mod:`~helpers.readings.plan` (06); shared wording is in :mod:`~helpers.readings.words`.
"""

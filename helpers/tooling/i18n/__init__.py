"""The Chinese edition (中文版), built from the same sources as the English one.

Nothing of the course is kept twice. Translations live in gettext catalogues:

- ``locale/zh/notebooks/NN_topic.po``, ``locale/zh/solutions/NN_topic.po``: the
  markdown and comments of each lesson and solution source (:mod:`.units` cuts them
  into units, :mod:`.edition` puts them back);
- ``helpers/locale/zh/<domain>.po``: the text the helpers generate at run time
  (``tr``/``trn`` calls, extracted by :mod:`.messages`), the glossary's meanings and the
  exercise generator's prompts.

``python -m helpers translate update`` merges changed English into the catalogues
(changed units become fuzzy, removed ones obsolete, new ones empty); ``translate status``
lists what is missing, stale or wrong (:mod:`.quality`); ``translate build`` writes the
Chinese notebooks into ``notebooks/zh/``, ``solutions/zh/`` and ``exercises/zh/``
(``--check`` compares the committed ones with what it would write).
"""

from helpers.tooling.i18n.commands import add_commands
from helpers.tooling.i18n.edition import Layout, build, out_of_sync, read_pending

__all__ = ["Layout", "add_commands", "build", "out_of_sync", "read_pending"]

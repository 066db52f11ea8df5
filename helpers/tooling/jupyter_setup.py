"""The course's Jupyter settings, for the Jupyter parts the course drives as libraries.

JupyterLab reads the course's Jupyter configuration (``jupyter/etc/jupyter/``, copied
into ``.venv/`` by ``tasks.py``). papermill, nbclient and the notebook signer, used as
libraries by the builds, the course runs and ``tasks.py lab``, read no configuration
file, so they are handed the same file's settings: one declaration serves the lab and
every run (encrypted kernel transport, hence no "Kernel is running over TCP without
encryption" warning; notebook signatures kept inside the environment).
"""

from __future__ import annotations

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from helpers.paths import REPO_ROOT

#: the repository's copy of the settings every Jupyter tool of the course reads
JUPYTER_CONFIG_FILE = REPO_ROOT / "jupyter" / "etc" / "jupyter" / "jupyter_config.py"


def jupyter_config() -> Config:
    """The settings of ``jupyter_config.py``: pass as ``config=`` to nbclient or papermill.

    >>> sorted(jupyter_config())
    ['KernelManager', 'NotebookNotary']
    """
    loader = PyFileConfigLoader(JUPYTER_CONFIG_FILE.name, path=str(JUPYTER_CONFIG_FILE.parent))
    return loader.load_config()

"""The course's JupyterLab server: what students see and what the log shows.

``python3 tasks.py`` copies this folder into ``.venv/`` (nothing outside it is
changed); ``python3 tasks.py lab`` adds the repository root and the course map as
the page to open.
"""

c = get_config()  # noqa: F821 (provided by Jupyter when it reads this file)

# One entry per notebook: the py:percent twins of lessons and solutions
# (NN_topic.py, the sources authors edit) stay on disk but are not listed.
c.ContentsManager.hide_globs = [
    "__pycache__",
    "*.pyc",
    "*.pyo",
    ".DS_Store",
    "*~",
    "*.egg-info",
    "[0-9][0-9]_*.py",
]

# One kernel in the Launcher: the course kernel (the environment's generic
# "Python 3" kernel is the same interpreter under another name).
c.KernelSpecManager.allowed_kernelspecs = {"customer-course"}
c.KernelSpecManager.ensure_native_kernel = False
c.MappingKernelManager.default_kernel_name = "customer-course"

# The course installs no language servers: do not look for them (jupyter_lsp would
# log the long list of the ones it did not find at every start).
c.LanguageServerManager.autodetect = False

# Jupyter Server pings browsers in milliseconds while Tornado reads the same setting
# in seconds and warns that the timeout exceeds the interval on every kernel
# connection. The lab runs on this machine, where no proxy closes idle connections,
# so the keep-alive pings are switched off.
c.ServerApp.tornado_settings = {"ws_ping_interval": 0}

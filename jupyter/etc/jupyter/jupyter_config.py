"""Settings every Jupyter tool of the course environment reads (the lab, nbconvert...).

``python3 tasks.py`` copies this folder into ``.venv/``; the course's own notebook runs
(``helpers.tooling.jupyter_setup.jupyter_config``) read the same file, so one setting serves all.
"""

import os
import sys

import zmq

c = get_config()  # noqa: F821 (provided by Jupyter when it reads this file)

# Kernels talk to Jupyter over local TCP ports. With CurveZMQ keys provisioned by the
# kernel manager that traffic is encrypted, and the kernel no longer warns
# "Kernel is running over TCP without encryption" at every start.
if zmq.has("curve"):
    c.KernelManager.transport_encryption = "auto"

# Notebook signatures (which notebooks are trusted) are kept in the environment, not
# in the user's home: ``python3 tasks.py lab`` signs the course's own notebooks there,
# so opening them does not log "Notebook ... is not trusted". Anything else (a re-run's
# output, a notebook from elsewhere) stays untrusted and JupyterLab sanitises it.
c.NotebookNotary.data_dir = os.path.join(sys.prefix, "share", "jupyter")

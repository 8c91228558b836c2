import os

import matplotlib

matplotlib.use("Agg")
os.environ.setdefault("WORDVEC_PROGRESS", "0")

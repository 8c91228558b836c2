"""The studies behind ``wordvec reproduce``, installed as ``wordvec.analyses``.

Each ``<NN>_<name>.py`` reproduces one paper's figures and tables (see :mod:`wordvec.reproduce`);
the digits give the order and keep the scripts from being imported by name.
"""

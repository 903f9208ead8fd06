"""Development tooling of the Size Up repository, left out of the installed package.

``tools.samplegen`` regenerates the sample structures of ``data/samples/`` and
``tools.exercisegen`` the learners' exercises of ``exercises/``. The package
``sizeup_helpers`` never imports from here (``tests/test_architecture.py`` checks it);
``sizeup samples --generate`` and ``sizeup exercises`` import it from the checkout.
"""

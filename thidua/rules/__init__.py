"""Pure-Python rules engine for emulation titles (thi đua, khen thưởng).

Given a self-contained dossier for one evaluation year (people, collectives, their facts and
history), the engine says which titles each subject qualifies for, why or why not, under which
article, what the CSTĐCS quota allows and how much reward money each eligible title earns.
It implements DOMAIN.md §3 and the parameters of §7 for the regimes ``vn2013`` and ``vn2022``.

It imports nothing from Django: the web app, the ``evaluate`` management command and the
benchmark all call :func:`evaluate_data` (or :func:`parse_dossier` then :func:`evaluate`).
The input and output formats are documented in ``FORMAT.md`` next to this file.
"""

from thidua.rules.engine import evaluate, evaluate_data
from thidua.rules.inputs import Dossier, InputError, parse_dossier

__all__ = ["Dossier", "InputError", "evaluate", "evaluate_data", "parse_dossier"]

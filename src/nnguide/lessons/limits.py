"""How much work one request may ask of a lesson: about 100 ms of CPU, never more.

Longer training is a chain of requests (the page and the widgets chain them, with
progress). The web layer's request schemas take their bounds from here.
"""

#: Full-batch steps one request may take: 2,000 steps of the largest house set (47 rows)
#: or of the classifier cost about 50 ms of CPU (benchmarks/request_cost.py).
MAX_STEPS_PER_REQUEST = 2_000
#: Section 4's race takes no snapshots, so each step is cheaper: two races of 5,000.
MAX_RACE_STEPS = 5_000
#: Leave-one-out trains ten models in one request.
MAX_LOO_STEPS = 1_000
#: The error map's grid, a side.
MAX_LANDSCAPE_RESOLUTION = 101

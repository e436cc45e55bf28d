"""Imported by the batch's forkserver before it forks workers: warms the process up.

Its only job is the side effect of importing it (see `batch.warm`); nothing else imports it.
"""

from .warm import warm_up

warm_up()

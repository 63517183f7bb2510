"""The weekly stages of the model, one module each, in the order the weekly plan runs them.

Pre-sale (where leads come from), sale (qualification and closing), delivery (order processing),
service (post-sale), resale (renewals and upsells), culture (beliefs, skill and engagement),
people (turnover, exits, hiring), staffing (head-count that follows the work), and regime
switches during a run. Each stage is a set of functions over the model's state, which it sees
through :mod:`sim.world.state`'s protocol; each names the source text of its mechanism.

May import :mod:`sim.config`, the world's state modules, ``agents`` and ``scenarios``; never the
model itself.
"""

"""Regimes as small policy objects, and the registry that maps config names to them."""

from salesculture.scenarios.registry import REGISTRY, Policies, build_policies, with_policy

__all__ = ["REGISTRY", "Policies", "build_policies", "with_policy"]

"""Subscription plans. Core uses them for rate-limit tiers, so they live below modules."""

from enum import StrEnum


class Plan(StrEnum):
    FREE = "free"
    PRO = "pro"
    ENTERPRISE = "enterprise"

"""Flows a user goes through, step by step."""

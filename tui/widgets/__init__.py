"""Widgets of the ecs-tui screens."""

"""Screens of the ecs-tui app."""

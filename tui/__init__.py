"""ecs-tui: a terminal UI for Amazon ECS."""

__version__ = "0.1.0"

"""ECS Exec building blocks without any UI: pre-flight checks, error diagnosis, launching the
session client, and reading how a session is going from the client's output.

Nothing here imports Textual.
"""

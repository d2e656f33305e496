"""Session Manager data channel: wire protocol, built-in session client, plugin launching.

Nothing here imports Textual or boto3, so ``ecs-tui-session`` starts quickly.
"""

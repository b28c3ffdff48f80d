"""The consultation workspace and its actions (owned by the workspace engineer)."""

urlpatterns: list = []

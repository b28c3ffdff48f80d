"""The walk-in queue: kiosk, counters, waiting-room display (owned by the walk-in engineer)."""

urlpatterns: list = []

"""URLs of the facilitator's pages (W1)."""

urlpatterns: list = []

"""URLs of taking part: joining, ideas, votes (W2)."""

urlpatterns: list = []

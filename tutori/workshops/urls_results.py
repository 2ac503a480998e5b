"""URLs of results, exports, the archive, follow-up work (W3)."""

urlpatterns: list = []

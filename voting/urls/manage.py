"""Portal URLs for voting: manage."""

urlpatterns: list = []

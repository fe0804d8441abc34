"""Portal URLs for voting: public."""

urlpatterns: list = []

"""The REST API (django-ninja) and the token pages; filled by the API work."""

urlpatterns = []

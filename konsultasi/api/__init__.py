"""The REST API (django-ninja): thin routers over the lifecycle services and selectors."""

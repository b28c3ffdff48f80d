from konsultasi.api.main import api

# A plain list under the "api" namespace (the docs page reverses "api:openapi-json"); other
# endpoints under /api/ (a gateway's webhook, say) are added beside ninja's.
app_name = "api"
urlpatterns: list = [
    *api.urls[0],
]
